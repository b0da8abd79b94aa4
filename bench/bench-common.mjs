// What the benches share: the repository root, their command-line options, medians, and the
// block each one keeps in BENCHMARKS.md between its own markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const argv = process.argv.slice(2);

/** The value after `--name`, or `fallback`. */
export const option = (name, fallback) => {
  const k = argv.indexOf(`--${name}`);
  return k >= 0 && argv[k + 1] !== undefined && !argv[k + 1].startsWith('--') ? argv[k + 1] : fallback;
};
/** Whether `--name` was given. */
export const flag = (name) => argv.includes(`--${name}`);
/** The middle value; of an even count, the mean of the two middle ones. */
export const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Replaces the bench's block (between `<!-- NAME:begin -->` and `<!-- NAME:end -->`) in
 * BENCHMARKS.md with `text`; a first block goes at the end under `heading`.
 */
export function writeBenchmarksBlock(name, text, heading) {
  const file = join(root, 'BENCHMARKS.md');
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${begin}\n${text}\n${end}`;
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const next = previous.includes(begin)
    ? previous.replace(new RegExp(`${begin}[\\s\\S]*${end}`), block)
    : `${previous.trimEnd()}\n\n## ${heading}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`\nwrote ${file}`);
}
