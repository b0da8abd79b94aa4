// How useBackend reports tfjs-node that is not installed (a few words, no paths) and tfjs-node
// that is installed and fails to load (its error). Its own file: it points process.argv[1],
// where useBackend looks for the application's tfjs-node, at a fixture application.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('useBackend and tfjs-node', () => {
  it('says in a few words, with no path, that tfjs-node is not installed, and keeps its error as detail', async () => {
    const info = await useBackend('auto');
    // Where tfjs-node is installed with its addon, it loads and this is about something else.
    if (info.name === 'tensorflow') return;
    const [node] = info.skipped;
    expect(node).toEqual({
      name: 'node',
      reason: expect.stringMatching(/^@tensorflow\/tfjs-node('s native addon)? is not installed$/),
      notInstalled: true,
      detail: expect.stringMatching(/^Cannot find (package|module) '@tensorflow\/tfjs-node'|native addon module \(tfjs_binding\.node\) can not be found/),
    });
    await expect(useBackend('node')).rejects.toThrow(
      /^backend "node" is not available: @tensorflow\/tfjs-node('s native addon)? is not installed \(npm (install|rebuild) @tensorflow\/tfjs-node\)$/,
    );
  });

  it('reports the error of a tfjs-node that is installed and fails to load', async () => {
    const app = await mkdtemp(join(tmpdir(), 'addrnn-tfjs-node-'));
    directories.push(app);
    const tfjsNode = join(app, 'node_modules', '@tensorflow', 'tfjs-node');
    await mkdir(tfjsNode, { recursive: true });
    await writeFile(join(tfjsNode, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js' }));
    // What a tfjs-node whose libtensorflow cannot be loaded throws.
    await writeFile(
      join(tfjsNode, 'index.js'),
      "throw new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory');\n",
    );
    await writeFile(join(app, 'main.js'), '');
    const script = process.argv[1];
    process.argv[1] = join(app, 'main.js');
    try {
      const info = await useBackend('auto');
      expect(info.skipped[0]).toEqual({
        name: 'node',
        reason: 'libtensorflow.so.2: cannot open shared object file: No such file or directory',
      });
    } finally {
      process.argv[1] = script!;
    }
  });
});
