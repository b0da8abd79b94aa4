import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadAdder } from './adder.js';
import { useBackend } from './backend.js';
import { createModel } from './create-model.js';
import { loadModel, saveModel } from './save-load.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One file, one module graph: the order matters (the first test needs no backend chosen yet).
describe('loadAdder picks and reports its backend', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('starts the fastest backend that loads when nothing chose one, and says which', async () => {
    const adder = await loadAdder();
    try {
      expect(adder.backend.requested).toBe('auto');
      expect(adder.backend.name).toBe(tf.getBackend());
      if (adder.backend.name !== 'tensorflow') {
        // tfjs-node cannot load here; tfjs-backend-wasm is installed (dev dependency), so not cpu.
        expect(adder.backend.name).toBe('wasm');
        expect(adder.backend.skipped.map((s) => s.name)).toEqual(['node']);
      }
      expect(adder.predict('535+61')).toBe('596');
    } finally {
      adder.dispose();
    }
  });

  it("keeps the backend useBackend chose ('current'), or starts the one asked for", async () => {
    await useBackend('cpu');
    const kept = await loadAdder();
    expect(kept.backend).toMatchObject({ name: 'cpu', requested: 'cpu' });
    kept.dispose();
    const asked = await loadAdder(undefined, { backend: 'wasm' });
    expect(asked.backend).toEqual({ name: 'wasm', requested: 'wasm', skipped: [] });
    expect(tf.getBackend()).toBe('wasm');
    asked.dispose();
    await useBackend('cpu');
  });

  it('refuses unknown options and non-objects with coded errors', async () => {
    await expect(loadAdder(undefined, { backnd: 'cpu' } as never)).rejects.toThrow(InvalidOptionError);
    await expect(loadAdder(undefined, { backnd: 'cpu' } as never)).rejects.toThrow('loadAdder got unknown option "backnd"');
    await expect(loadAdder(undefined, 'cpu' as never)).rejects.toThrow(InvalidOptionError);
    await expect(loadAdder(undefined, { backend: 'gpu' as never })).rejects.toThrow(InvalidOptionError);
  });
});

describe('quiet in Node.js', () => {
  it('createModel and loadModel print no orthogonal-initializer warning, and other warnings still pass', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const model = createModel({ hiddenSize: 48, seed: 3 });
    const directory = await mkdtemp(join(tmpdir(), 'addrnn-quiet-'));
    try {
      await saveModel(model, directory);
      const loaded = await loadModel(directory);
      loaded.model.dispose();
      // A 48-unit LSTM's recurrent kernel is 48x192 (over 2,000 elements): tfjs would warn twice per model.
      expect(warn.mock.calls.map((args) => String(args[0])).filter((text) => text.startsWith('Orthogonal initializer'))).toEqual([]);
      // The filter in loadModel is gone afterwards.
      console.warn('another warning');
      expect(warn).toHaveBeenLastCalledWith('another warning');
    } finally {
      model.dispose();
      vi.restoreAllMocks();
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('the orthogonal initializer still produces an orthogonal recurrent kernel', () => {
    const model = createModel({ hiddenSize: 16, seed: 5 });
    try {
      const recurrent = model.layers[0]!.getWeights()[1]!; // [units, 4 * units]
      const gram = tf.tidy(() => tf.matMul(recurrent, recurrent, false, true).arraySync() as number[][]);
      gram.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(i === j ? 1 : 0, 4)));
    } finally {
      model.dispose();
    }
  });
});
