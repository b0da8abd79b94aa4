/**
 * The command line cannot be carried out as written: an unknown command or flag, a value out of
 * range, a missing argument. The CLI prints the message on one line, points at `--help` and
 * exits with status 2.
 */
export class UsageError extends Error {
  /** The command whose `--help` the hint points at; unset: the top-level help. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}
