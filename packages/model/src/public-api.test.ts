import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const readme = () => readFile(new URL('../README.md', import.meta.url), 'utf8');
const indexSource = () => readFile(new URL('./index.ts', import.meta.url), 'utf8');

/** Every name src/index.ts exports, values and types, from its `export { ... } from` lines. */
function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const [, list] of source.matchAll(/^export (?:type )?\{([^}]*)\} from/gm)) {
    names.push(...list!.split(',').map((name) => name.trim()).filter(Boolean));
  }
  return names.sort();
}

describe('the public API of @addrnn/model', () => {
  it('exports at run time exactly the values src/index.ts lists', async () => {
    const module = await import('./index.js');
    const source = await indexSource();
    const typeOnly = new Set(
      [...source.matchAll(/^export type \{([^}]*)\} from/gm)].flatMap(([, list]) => list!.split(',').map((name) => name.trim()).filter(Boolean)),
    );
    expect(Object.keys(module).sort()).toEqual(exportedNames(source).filter((name) => !typeOnly.has(name)));
  }, 60_000);

  it('is what the README documents: every export named there, no internal name', async () => {
    const text = await readme();
    const code = [...text.matchAll(/`([^`\n]+)`/g)].map(([, span]) => span!);
    const undocumented = exportedNames(await indexSource()).filter((name) => !code.some((span) => new RegExp(`\\b${name}\\b`).test(span)));
    expect(undocumented).toEqual([]);
    // Internal helpers that src/index.ts once exported: neither exported nor documented.
    const module = (await import('./index.js')) as Record<string, unknown>;
    for (const internal of [
      'replaceDirectory',
      'resolveModelOptions',
      'MIN_EXAMPLES_PER_THREAD',
      'MIN_KERNEL_EXAMPLES_PER_THREAD',
      'loadKernelModule',
      'KERNEL_WASM_BYTES',
      'LOSS_NAME',
      'provideWasmBackend',
    ]) {
      expect(module[internal], internal).toBeUndefined();
      expect(text, internal).not.toContain(internal);
    }
  }, 60_000);
});
