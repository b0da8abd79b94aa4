// The structure rules of docs/architecture.md, checked on the source tree: no import cycles
// (madge), and no source file over 300 lines (tests and generated files aside).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sourceRoots = ['packages/codec/src', 'packages/dataset/src', 'packages/model/src', 'packages/model/kernel/assembly', 'packages/trainer/src', 'apps/cli/src', 'apps/web/src'];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|mts|mjs)$/.test(name) && !/\.test\.ts$|\.generated\.ts$|\.d\.ts$/.test(name) ? [file] : [];
  });
}

describe('source structure', () => {
  it('has no import cycles, type-only imports included', { timeout: 120_000 }, async () => {
    const graph = await madge(sourceRoots.map((dir) => path.join(root, dir)).concat(path.join(root, 'bench')), {
      fileExtensions: ['ts', 'mjs'],
      baseDir: root,
    });
    expect(graph.circular()).toEqual([]);
    // The graph is real: it sees the packages' entry points and their imports.
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(100);
  });

  it('throws only coded AddrnnErrors from codec, dataset and trainer (the model has its own test, with its workers)', () => {
    const files = ['packages/codec/src', 'packages/dataset/src', 'packages/trainer/src'].flatMap((dir) => sourceFiles(path.join(root, dir)));
    const raw = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ where: `${path.relative(root, file)}:${index + 1}`, line }))
        .filter(({ line }) => /throw new (Error|TypeError|RangeError)\(|extends (Error|TypeError|RangeError)\b/.test(line)),
    );
    // The one class that extends Error is the base of them all.
    expect(raw.map(({ where }) => where)).toEqual([expect.stringMatching(/^packages\/codec\/src\/errors\.ts:/)]);
  });

  it('keeps the training kernel free of tfjs and of the threads; the threads import the kernel', () => {
    const kernel = path.join(root, 'packages/model/src/kernel');
    const threads = path.join(root, 'packages/model/src/threads');
    // Every file, tests included: static, type-only, re-exports and dynamic imports.
    const specifiers = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)].map(
        (match) => match[1] ?? match[2] ?? match[3]!,
      );
    const files = (directory: string) => readdirSync(directory).filter((name) => /\.ts$/.test(name) && !name.includes('.generated.')).map((name) => path.join(directory, name));
    const inside = (file: string, specifier: string, directory: string) =>
      specifier.startsWith('.') && path.resolve(path.dirname(file), specifier).startsWith(directory + path.sep);
    const kernelFiles = files(kernel);
    expect(kernelFiles.length).toBeGreaterThan(5);
    const forbidden = kernelFiles.flatMap((file) =>
      specifiers(file)
        .filter((specifier) => /^@tensorflow\//.test(specifier) || inside(file, specifier, threads))
        .map((specifier) => `${path.relative(root, file)}: ${specifier}`),
    );
    expect(forbidden).toEqual([]);
    // The other direction is the one allowed, and used.
    const threadsOnKernel = files(threads).filter((file) => specifiers(file).some((specifier) => inside(file, specifier, kernel)));
    expect(threadsOnKernel.length).toBeGreaterThan(0);
  });

  it('has no source file over 300 lines, tests and generated files aside', () => {
    const files = sourceRoots.flatMap((dir) => sourceFiles(path.join(root, dir)));
    expect(files.length).toBeGreaterThan(100);
    const long = files
      .map((file) => ({ file: path.relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });
});
