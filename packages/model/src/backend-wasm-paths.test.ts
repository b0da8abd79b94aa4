import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { BackendUnavailableError } from './errors.js';

// A file of its own: the wasm backend reads its paths once per process (vitest isolates files).
const wasmFolder = `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`;

describe('useBackend wasmPaths', () => {
  it('passes a bad path to the wasm backend, which then fails to start', async () => {
    await expect(useBackend('wasm', { wasmPaths: { 'tfjs-backend-wasm.wasm': '/nowhere.wasm' } })).rejects.toThrow(
      /backend "wasm" is not available: .*no entries found for the following binaries/,
    );
    await expect(useBackend('wasm', { wasmPaths: { 'tfjs-backend-wasm.wasm': '/nowhere.wasm' } })).rejects.toThrow(BackendUnavailableError);
  });

  it('starts wasm from the folder it is given', async () => {
    const info = await useBackend('wasm', { wasmPaths: wasmFolder });
    expect(info).toEqual({ name: 'wasm', requested: 'wasm', skipped: [] });
    expect(Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync())).toEqual([2, 3]);
    // Once started, paths no longer matter and are not passed on (setWasmPaths would be a no-op).
    expect((await useBackend('wasm', { wasmPaths: join(wasmFolder, 'elsewhere/') })).name).toBe('wasm');
  });
});
