/**
 * With `--json`, stdout carries JSON and nothing else: whatever a library logs through
 * `console` (tfjs prints notices) goes to stderr instead.
 */
export function keepStdoutForJson(): void {
  const toStderr = (...values: unknown[]): void => console.error(...values);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

/** One JSON document on one line of stdout. */
export function writeJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
