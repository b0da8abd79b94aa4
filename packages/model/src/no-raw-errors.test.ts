import * as tf from '@tensorflow/tfjs';
import { AddrnnError } from '@addrnn/codec';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adder } from './adder.js';
import { useBackend } from './backend.js';
import { createModel, resolveModelOptions } from './create-model.js';
import { replaceDirectory } from './directory-swap.js';
import { fileSystemIO } from './file-system-io.js';
import { getMetadata } from './metadata.js';
import { loadModel, saveModel } from './save-load.js';

// Values of every kind a caller can pass by mistake; no string here names a real path.
const VALUES: unknown[] = [undefined, null, 0, -1, 1.5, Number.NaN, '', [], [null], [1], {}, { length: 1 }, () => 1, Symbol('s'), 10n, true];

async function rawError(label: string, call: () => unknown): Promise<string[]> {
  try {
    await call();
    return [];
  } catch (error) {
    return AddrnnError.isInstance(error) ? [] : [`${label}: ${(error as Error).name}: ${(error as Error).message}`];
  }
}

let root = '';
beforeAll(async () => {
  await useBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'addrnn-arguments-'));
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('@addrnn/model on wrong arguments', () => {
  it('throws only coded AddrnnErrors, never a raw TypeError, from any public function in this area', async () => {
    const model = createModel({ codec: { digits: 1 }, hiddenSize: 2 });
    const adder = new Adder({ model, codec: resolveModelOptions({ codec: { digits: 1 } }).codec, metadata: getMetadata(model) });
    const tensors = tf.memory().numTensors;
    const raw: string[] = [];
    const options = ['codec', 'cell', 'hiddenSize', 'encoderLayers', 'decoderLayers', 'dropout', 'implementation', 'seed'] as const;
    for (const [index, value] of VALUES.entries()) {
      const at = `#${index}`;
      raw.push(...(await rawError(`createModel(${at})`, () => createModel(value as never).dispose())));
      for (const option of options) raw.push(...(await rawError(`createModel({ ${option}: ${at} })`, () => resolveModelOptions({ [option]: value } as never))));
      raw.push(...(await rawError(`loadModel(${at})`, () => loadModel(value as never))));
      raw.push(...(await rawError(`saveModel(${at}, dir)`, () => saveModel(value as never, join(root, 'never')))));
      raw.push(...(await rawError(`saveModel(model, ${at})`, () => saveModel(model, value as never))));
      raw.push(...(await rawError(`saveModel(model, dir, ${at})`, () => saveModel(model, join(root, `options-${index}`), value as never))));
      raw.push(...(await rawError(`getMetadata(${at})`, () => getMetadata(value as never))));
      raw.push(...(await rawError(`fileSystemIO(${at})`, () => fileSystemIO(value as never))));
      raw.push(...(await rawError(`replaceDirectory(${at}, dir)`, () => replaceDirectory(value as never, join(root, 'never')))));
      raw.push(...(await rawError(`new Adder(${at})`, () => new Adder(value as never))));
      for (const method of ['check', 'predict', 'predictBatch', 'predictWithConfidence', 'predictBatchWithConfidence'] as const) {
        raw.push(...(await rawError(`adder.${method}(${at})`, () => adder[method](value as never))));
      }
    }
    expect(raw).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect((await readdir(root)).filter((name) => name.startsWith('never'))).toEqual([]);
    model.dispose();
  }, 120_000);
});
