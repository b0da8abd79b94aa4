/**
 * How the user started the CLI, for the commands we suggest they run next: `pnpm addrnn` when
 * it came through the monorepo's root scripts (`pnpm addrnn`, `pnpm train`), else `addrnn`.
 */
export function invocation(): string {
  const script = process.env.npm_lifecycle_event;
  return script === 'addrnn' || script === 'train' ? 'pnpm addrnn' : 'addrnn';
}

/** `word` as a POSIX shell reads it back: unchanged when that is safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
