// The examples of the package READMEs run as written: each ```js runnable block is saved as a
// module in a fresh directory whose node_modules links to the built packages (run `pnpm build`
// first; `pnpm test` does) and run with Node. Where a line prints a value and its comment shows
// it as a quoted string (`console.log(codec.solve('535+61')); // "596"`), the output must hold it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const packages = ['codec', 'dataset', 'model', 'trainer'];
// What the examples import besides the packages, from where the packages' own tests get it.
const peers = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'];
// The slowest example trains a 1-digit adder; loading tfjs and a pretrained model takes seconds.
const EXAMPLE_TIMEOUT_MS = 180_000;

interface Example {
  name: string;
  code: string;
}

function runnableExamples(name: string): Example[] {
  const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```js runnable\n([\s\S]*?)^```/gm)].map(([, code], index) => ({ name: `${name} #${index + 1}`, code: code! }));
}

/** The strings the example's comments say its console.log lines print. */
function expectedOutput(code: string): string[] {
  return [...code.matchAll(/^\s*console\.log\(.*\);\s*\/\/\s*(["'])(.+)\1\s*$/gm)].map(([, , text]) => text!);
}

let directory = '';

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'addrnn-readme-'));
  mkdirSync(join(directory, 'node_modules', '@addrnn'), { recursive: true });
  mkdirSync(join(directory, 'node_modules', '@tensorflow'), { recursive: true });
  for (const name of packages) symlinkSync(join(root, 'packages', name), join(directory, 'node_modules', '@addrnn', name), 'dir');
  for (const peer of peers) symlinkSync(realpathSync(join(root, 'packages', 'model', 'node_modules', peer)), join(directory, 'node_modules', peer), 'dir');
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'readme-examples', private: true, type: 'module' }));
});

afterAll(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe('the README examples', () => {
  it('are there: every package README has at least one runnable example', () => {
    for (const name of packages) expect(runnableExamples(name).length, name).toBeGreaterThan(0);
  });

  const examples = packages.flatMap(runnableExamples);
  it.each(examples)('$name runs and prints what its comments say', ({ name, code }) => {
    const file = join(directory, `${name.replace(/\W+/g, '-')}.mjs`);
    writeFileSync(file, code);
    const result = spawnSync(process.execPath, [file], { cwd: directory, encoding: 'utf8', timeout: EXAMPLE_TIMEOUT_MS });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.error, output).toBeUndefined();
    expect(result.status, output).toBe(0);
    for (const text of expectedOutput(code)) expect(result.stdout, text).toContain(text);
  }, EXAMPLE_TIMEOUT_MS + 20_000);
});
