import { AddrnnError } from '@addrnn/codec';
import { hasMarker, markerOf } from '@addrnn/codec/internal';

const USAGE_ERROR = markerOf('error.UsageError');

/**
 * The command line cannot be carried out as written: an unknown command or flag, a value out of
 * range, a missing argument. The CLI prints the message on one line, points at `--help` and
 * exits with status 2. Code: `USAGE`.
 */
export class UsageError extends AddrnnError {
  /** The command whose `--help` the hint points at; unset: the top-level help. */
  readonly command: string | undefined;
  private readonly [USAGE_ERROR] = true;

  constructor(message: string, command?: string) {
    super('USAGE', message);
    this.name = 'UsageError';
    this.command = command;
  }

  static override isInstance(value: unknown): value is UsageError {
    return hasMarker(value, USAGE_ERROR);
  }
}
