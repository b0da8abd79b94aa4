/**
 * Whether the environment's DEBUG names addrnn (`DEBUG=addrnn`, `DEBUG=*`, or a comma list
 * holding either): then the CLI prints stack traces and why optional backends did not load.
 */
export function debugEnabled(environment: NodeJS.ProcessEnv = process.env): boolean {
  return /(^|,)\s*(addrnn|\*)\s*(,|$)/.test(environment.DEBUG ?? '');
}
