import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlignedLayout } from '@addrnn/codec';
import { Adder, getMetadata, loadModel } from '@addrnn/model';
import { describe, expect, it } from 'vitest';
import { TRAIN_PRESETS } from './presets.js';
import { train } from './train.js';

describe('train() with the aligned family', () => {
  it('trains, validates, checkpoints and resumes an aligned model on batches of varying length', { timeout: 300_000 }, async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'addrnn-aligned-'));
    const batchLengths = new Set<number>();
    try {
      const started: { implementation?: string; threads?: number; parameters?: number } = {};
      const result = await train({
        preset: 'aligned',
        task: { digits: 4 },
        epochs: 3,
        examplesPerEpoch: 100_000,
        validationSize: 1_000,
        backend: 'wasm',
        outDir,
        callbacks: {
          onStart: (info) => Object.assign(started, { implementation: info.implementation, threads: info.threads, parameters: info.parameters }),
          onBatchEnd: (log) => batchLengths.add(log.batchSize),
        },
      });
      expect(started).toEqual({ implementation: 'kernel', threads: 1, parameters: 7_114 });
      expect(getMetadata(result.model).architecture.family).toBe('aligned');
      // 300,000 examples of up to 4 digits are enough for the column adder to be nearly always right.
      const last = result.history[result.history.length - 1]!;
      expect(last.validation.exactMatch).toBeGreaterThan(0.9);
      expect(last.charAccuracy).toBeGreaterThan(0.9);
      expect(result.examplesSeen).toBe(3 * Math.ceil(100_000 / 128) * 128);
      expect([...batchLengths]).toEqual([128]);
      // best: the highest exact match, ties going to the lower validation loss.
      const top = Math.max(...result.history.map((log) => log.validation.exactMatch));
      const lowest = Math.min(...result.history.filter((log) => log.validation.exactMatch === top).map((log) => log.validation.loss));
      const bestLog = result.history.find((log) => log.validation.exactMatch === top && log.validation.loss === lowest)!;
      expect(result.best).toEqual({ epoch: bestLog.epoch, exactMatch: top, loss: lowest });

      const saved = JSON.parse(await readFile(join(outDir, 'best', 'model.json'), 'utf8')) as { userDefinedMetadata: { training: Record<string, unknown> } };
      expect(saved.userDefinedMetadata.training['longestOperand']).toBe(4);

      // The saved model adds numbers longer than any it was trained on, through the Adder.
      const adder = new Adder(await loadModel(join(outDir, 'best')));
      const question = '123+4567';
      expect(adder.family).toBe('aligned');
      expect(adder.predict(question)).toMatch(/^\d+$/);
      adder.dispose();

      const resumed = await train({ outDir, resume: true, epochs: 4, backend: 'wasm' });
      expect(resumed.history.map((log) => log.epoch)).toEqual([1, 2, 3, 4]);
      expect(getMetadata(resumed.model).architecture.family).toBe('aligned');
      expect(resumed.history[3]!.validation.exactMatch).toBeGreaterThanOrEqual(0.9);
      result.model.dispose();
      resumed.model.dispose();
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('the aligned preset trains on operands of up to 10 digits without an early stop', () => {
    const preset = TRAIN_PRESETS.aligned;
    expect(preset.model).toEqual({ family: 'aligned', hiddenSize: 32 });
    expect(preset.task.digits).toBe(10);
    expect(preset.targetAccuracy).toBeUndefined();
    expect(AlignedLayout.steps(['9999999999+1'])).toBe(11);
  });
});
