import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adder, getMetadata, loadModel } from '@addrnn/model';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from './errors.js';
import { train } from './train.js';

describe('train() with the multiply preset', () => {
  it('trains the aligned family on products of full-length operands, holds out its validation questions, and resumes only with the same distribution', { timeout: 300_000 }, async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'addrnn-multiply-'));
    try {
      const started: { implementation?: string; parameters?: number } = {};
      const result = await train({
        preset: 'multiply',
        task: { digits: 2 },
        distribution: 'uniform',
        epochs: 1,
        examplesPerEpoch: 150_000,
        validationSize: 90,
        backend: 'wasm',
        outDir,
        callbacks: {
          onStart: (info) => Object.assign(started, { implementation: info.implementation, parameters: info.parameters }),
        },
      });
      expect(started).toEqual({ implementation: 'kernel', parameters: 69_786 });
      const metadata = getMetadata(result.model);
      expect(metadata.architecture.family).toBe('aligned');
      expect(metadata.codec.operators).toEqual(['*']);
      const last = result.history[result.history.length - 1]!;
      // Training batches and held-out validation questions side by side: it learns products, not the questions.
      // (A whole 4-digit answer guessed is right 0.01% of the time; with three questions in ten
      // from the carry mix and a tenth of each batch replayed, 150k examples reach about 19%.)
      expect(last.validation.exactMatch).toBeGreaterThan(0.1);
      expect(Math.abs(last.exactMatch - last.validation.exactMatch)).toBeLessThan(0.15);

      const adder = new Adder(await loadModel(join(outDir, 'best')));
      expect(adder.family).toBe('aligned');
      for (const question of ['12*34', '7*8', '99*99']) {
        expect(adder.predict(question)).toMatch(/^\d{1,4}$/);
      }
      expect(() => adder.predict('12+34')).toThrow(/not in this task/);
      adder.dispose();

      await expect(train({ outDir, resume: true, epochs: 2, distribution: 'keras', backend: 'wasm' })).rejects.toThrow(CheckpointError);
      await expect(train({ outDir, resume: true, epochs: 2, distribution: 'keras', backend: 'wasm' })).rejects.toThrow(/distribution keras \(checkpoint: uniform\)/);
      result.model.dispose();
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
