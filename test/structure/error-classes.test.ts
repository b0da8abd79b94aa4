// Every error class of every package is recognisable across copies of the package (an ESM and a
// CJS build, two versions): it carries a code, a `Symbol.for('addrnn.error.<Name>')` marker and a
// static `isInstance` that checks it (packages/codec/src/errors.ts has the base and the pattern).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sourceRoots = ['packages/codec/src', 'packages/dataset/src', 'packages/model/src', 'packages/trainer/src', 'apps/cli/src', 'apps/web/src'];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.ts$/.test(name) && !/\.test\.ts$|\.generated\.ts$|\.d\.ts$/.test(name) ? [file] : [];
  });
}

interface ErrorClass {
  where: string;
  name: string;
  body: string;
}

/** Each `class X extends …Error` in the source with its body (up to the next top-level `}`). */
function errorClasses(): ErrorClass[] {
  return sourceRoots.flatMap((directory) =>
    sourceFiles(path.join(root, directory)).flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      return [...source.matchAll(/^export class (\w+) extends (\w+Error)\b[^\n]*\{\n([\s\S]*?)^\}/gm)].map(([, name, , body]) => ({
        where: path.relative(root, file),
        name: name!,
        body: `${body}\n${source}`,
      }));
    }),
  );
}

describe('error classes', () => {
  it('each carry a code, a Symbol.for marker named after the class and a static isInstance', () => {
    const classes = errorClasses().filter(({ name }) => name !== 'AddrnnError');
    // The scan is real: the codec's, the model's, the trainer's and the CLI's errors are in it.
    for (const name of ['InvalidOptionError', 'CorruptModelError', 'UnreadableFileError', 'CheckpointError', 'RunExistsError', 'TrainingDivergedError', 'UsageError']) {
      expect(classes.map((each) => each.name)).toContain(name);
    }
    const missing = classes.flatMap(({ where, name, body }) => {
      const problems: string[] = [];
      const marker = new RegExp(`const (\\w+) = markerOf\\('error\\.${name}'\\)`).exec(body)?.[1];
      if (marker === undefined) problems.push(`no markerOf('error.${name}')`);
      else if (!body.includes(`[${marker}] = true`)) problems.push(`its instances do not carry ${marker}`);
      if (!new RegExp(`static override isInstance\\(value: unknown\\): value is ${name}`).test(body)) problems.push('no static isInstance');
      if (!/super\('[A-Z_]+'/.test(body)) problems.push('no code passed to the base class');
      return problems.map((problem) => `${where}: ${name}: ${problem}`);
    });
    expect(missing).toEqual([]);
  });
});
