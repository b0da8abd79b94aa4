// A model family is one module per package behind one interface (docs/architecture.md): outside
// the family modules and their registry (any `families/` folder), no source compares a family's
// name or a layout's name. They ask the family's record instead.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sourceRoots = ['packages/codec/src', 'packages/dataset/src', 'packages/model/src', 'packages/trainer/src', 'apps/cli/src', 'apps/web/src', 'bench', 'scripts'];

/** The family and layout names. */
const NAMES = ['seq2seq', 'aligned', 'sequence'];
const literal = `(?:${["'", '"', '`'].map((quote) => `${quote}(?:${NAMES.join('|')})${quote}`).join('|')})`;
/** A name literal next to an (in)equality, as a `case` label, or in what `includes` looks for or looks in. */
const COMPARISON = new RegExp(
  [
    `(?:===|!==|==|!=)\\s*${literal}`,
    `${literal}\\s*(?:===|!==|==|!=)`,
    `\\bcase\\s+${literal}\\s*:`,
    `\\.includes\\(\\s*${literal}`,
    `\\[[^\\]]*${literal}[^\\]]*\\]\\s*\\.includes\\(`,
  ].join('|'),
);

/** The lines of `text` that compare a family or layout name, as `where: line`. */
export function familyComparisons(text: string, where: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) => (COMPARISON.test(line) ? [`${where}:${index + 1}: ${line.trim()}`] : []));
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    if (statSync(file).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(file);
    return /\.(ts|mts|mjs|js)$/.test(name) && !/\.test\.ts$|\.generated\.ts$|\.d\.ts$/.test(name) ? [file] : [];
  });
}

describe('model families', () => {
  it('finds the comparisons the family modules replaced (lines of the code before them)', () => {
    const before = [
      "  if (saved?.architecture?.family === 'aligned') {",
      "    this.maxDigits = this.family === 'aligned' ? ALIGNED_MAX_DIGITS : this.codec.digits;",
      "  const { modelJson, weightsBase64 } = name === 'aligned' ? await import('#pretrained-aligned') : await import('#pretrained-weights');",
      "    if (layout !== 'sequence' && layout !== 'aligned') {",
      '    if (adder.family === "aligned") return runAlignedEval(parsed, adder, directory, seed, json);',
      "  else if (family === `aligned`) options.preset = 'aligned';",
      "    case 'seq2seq':",
      "  if (['aligned'].includes(family)) return;",
      "  if (['seq2seq', 'aligned'].includes(family)) return;",
      "  if (names.includes('aligned')) return;",
      "  return 'aligned' === family;",
    ];
    expect(before.map((line) => familyComparisons(line, 'x').length)).toEqual(before.map(() => 1));
    // Names as data, and other words, are not comparisons.
    const data = [
      "  model: { family: 'aligned', hiddenSize: 32 },",
      "  const CLI_FAMILIES = { seq2seq: seq2seqCli, aligned: alignedCli };",
      "    writeJsonLine({ model: directory ?? null, family: 'aligned', trainedDigits: trained });",
      "  if (implementation === 'fused') throw new InvalidOptionError('...');",
      "  if (name === 'alignedness') return;",
      "  expect(layout.name).toBe('aligned');",
    ];
    expect(data.flatMap((line) => familyComparisons(line, 'x'))).toEqual([]);
  });

  it('are compared by name only in their own modules and registry (families/ folders)', () => {
    const files = sourceRoots.flatMap((directory) => sourceFiles(path.join(root, directory)));
    expect(files.length).toBeGreaterThan(100);
    const outside = files.map((file) => path.relative(root, file)).filter((file) => !file.split(path.sep).includes('families'));
    expect(outside.length).toBeGreaterThan(100);
    const comparisons = outside.flatMap((file) => familyComparisons(readFileSync(path.join(root, file), 'utf8'), file));
    expect(comparisons).toEqual([]);
  });
});
