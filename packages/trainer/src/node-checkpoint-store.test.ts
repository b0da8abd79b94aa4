import * as tf from '@tensorflow/tfjs';
import { createModel, loadModel, saveModel, useBackend } from '@addrnn/model';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkpointContents } from './checkpoint.js';
import { createNodeCheckpointStore } from './node-checkpoint-store.js';

let outDir = '';
beforeAll(async () => {
  await useBackend('cpu');
});
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'addrnn-store-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the Node.js checkpoint store', () => {
  it('writes, lists, reads and removes checkpoints in outDir/latest and outDir/best', { timeout: 60_000 }, async () => {
    const store = await createNodeCheckpointStore(join(outDir, 'run'));
    expect(await store.exists()).toBe(false);
    expect(await store.recover()).toEqual([]);
    await store.create();
    expect(await store.list()).toEqual([]);

    const model = createModel({ codec: { digits: 1 }, hiddenSize: 4, seed: 3 });
    const contents = await checkpointContents(model, { note: 'test' });
    await store.write('best', { ...contents, files: [['notes.txt', 'hello']] });
    expect(await store.list()).toEqual(['best']);
    expect((await readdir(join(outDir, 'run', 'best'))).sort()).toEqual(['model.json', 'notes.txt', 'weights.bin']);
    expect(new TextDecoder().decode(await store.read('best', 'notes.txt', 5))).toBe('hello');
    expect(await store.read('best', 'absent.txt', 5)).toBeUndefined();
    await expect(store.read('best', 'notes.txt', 4)).rejects.toThrow('notes.txt holds 5 bytes, more than the 4 allowed');

    // The model it wrote is the one saveModel writes: one writer, one format.
    await saveModel(model, join(outDir, 'saved'), { training: { note: 'test' } });
    for (const file of ['model.json', 'weights.bin']) {
      expect(await readFile(join(outDir, 'run', 'best', file))).toEqual(await readFile(join(outDir, 'saved', file)));
    }
    const loaded = await loadModel(store.modelSource('best') as string);
    expect(loaded.metadata.training).toEqual({ note: 'test' });

    await store.write('latest', contents);
    expect(await store.list()).toEqual(['latest', 'best']);
    await store.remove(['latest', 'best']);
    expect(await store.list()).toEqual([]);
    tf.dispose([model, loaded.model] as never);
  });

  it('recovers a checkpoint a crash left renamed away and sweeps staging directories', async () => {
    const run = join(outDir, 'run');
    await mkdir(join(run, 'best.old-mabc123-x1y2z3'), { recursive: true });
    await mkdir(join(run, '.staging-latest-mabc124-d4e5f6'));
    await mkdir(join(run, 'model.saving-mabc125-aaaaaa'));
    await writeFile(join(run, 'notes.txt'), 'mine');
    const store = await createNodeCheckpointStore(run);
    expect((await store.recover()).sort()).toEqual(
      ['removed .staging-latest-mabc124-d4e5f6', 'removed model.saving-mabc125-aaaaaa', 'restored best from best.old-mabc123-x1y2z3'].sort(),
    );
    expect((await readdir(run)).sort()).toEqual(['best', 'notes.txt']);
  });

  it('reads checkpoint files only as regular files', async () => {
    const run = join(outDir, 'run');
    await mkdir(join(run, 'latest'), { recursive: true });
    await writeFile(join(outDir, 'elsewhere.json'), '{}');
    await symlink(join(outDir, 'elsewhere.json'), join(run, 'latest', 'trainer-state.json'));
    const store = await createNodeCheckpointStore(run);
    await expect(store.read('latest', 'trainer-state.json', 100)).rejects.toThrow('trainer-state.json is a symbolic link, not a regular file');
  });
});
