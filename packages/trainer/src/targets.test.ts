import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluationLog } from './options.js';
import { questionsToClaim, recordTargets, type TargetReport } from './targets.js';
import { train } from './train.js';

const metrics = (exactMatch: number) => ({ loss: 1, charAccuracy: exactMatch, exactMatch });

describe('accuracy targets', () => {
  it('are claimed on validation sets that allow 10 errors at the target', () => {
    expect(questionsToClaim(0.97)).toBe(334);
    expect(questionsToClaim(0.99)).toBe(1_000);
    expect(questionsToClaim(0.999)).toBe(10_000);
    const reached: TargetReport[] = [];
    // 99.95% of 2,000 questions: 97% and 99% count, 99.9% is not claimed on so few.
    expect(recordTargets(reached, metrics(0.9995), { examplesSeen: 100, elapsedSeconds: 1, validationSize: 2_000 }).map((r) => r.accuracy)).toEqual([0.97, 0.99]);
    // Only the first passing is recorded; 99.9% on 10,000 questions is.
    expect(recordTargets(reached, metrics(0.9992), { examplesSeen: 200, elapsedSeconds: 2, validationSize: 10_000 }).map((r) => r.accuracy)).toEqual([0.999]);
    expect(reached.map((r) => [r.accuracy, r.examplesSeen])).toEqual([[0.97, 100], [0.99, 100], [0.999, 200]]);
    expect(recordTargets(reached, metrics(1), { examplesSeen: 300, elapsedSeconds: 3, validationSize: 10_000 })).toEqual([]);
  });

  it('are reported between epoch ends, and training stops at the target accuracy', { timeout: 300_000 }, async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'addrnn-targets-'));
    const evaluations: EvaluationLog[] = [];
    try {
      const result = await train({
        preset: 'keras',
        task: { digits: 2 },
        model: { hiddenSize: 32 },
        batchSize: 32,
        epochs: 50,
        examplesPerEpoch: 10_000,
        learningRate: 0.005,
        validationSize: 2_000, // the 2-digit validation split holds about 100 questions: all are used
        evaluateEvery: 1_000,
        accuracyTargets: [0.05, 0.2],
        targetAccuracy: 0.2,
        backend: 'wasm',
        outDir,
        callbacks: { onEvaluation: (log) => evaluations.push(log) },
      });
      expect(result.stoppedBecause).toBe('target');
      expect(result.examplesSeen).toBeLessThan(50 * 10_016);
      // Evaluations at every 1,000 examples (whole batches of 32: the first batch at or past each multiple).
      expect(evaluations.filter((log) => !log.atEpochEnd).length).toBeGreaterThan(2);
      evaluations.forEach((log, k) => expect(log.examplesSeen - (k === 0 ? 0 : evaluations[k - 1]!.examplesSeen)).toBeLessThanOrEqual(1_000 + 32));
      // Each target once, at the first evaluation that passed it, in order.
      expect(result.targets.map((r) => r.accuracy)).toEqual([0.05, 0.2]);
      for (const report of result.targets) {
        const first = evaluations.find((log) => log.validation.exactMatch >= report.accuracy)!;
        expect(report.examplesSeen).toBe(first.examplesSeen);
        expect(report.elapsedSeconds).toBeGreaterThan(0);
        expect(report.validationSize).toBe(first.validationSize);
      }
      const last = evaluations[evaluations.length - 1]!;
      expect(last.validation.exactMatch).toBeGreaterThanOrEqual(0.2);
      expect(last.examplesSeen).toBe(result.examplesSeen);
      // The model that reached the target is the best one, and outDir/best holds it.
      expect(result.best.exactMatch).toBe(last.validation.exactMatch);
      expect(result.best.epoch).toBe(last.epoch);
      // The checkpoints hold the reports: the trainer state and the saved model's training record.
      const state = JSON.parse(await readFile(join(outDir, 'latest', 'trainer-state.json'), 'utf8'));
      expect(state.targets).toEqual(result.targets);
      expect(state.examplesSeen).toBe(result.examplesSeen);
      const best = JSON.parse(await readFile(join(outDir, 'best', 'model.json'), 'utf8'));
      expect(best.userDefinedMetadata.training.targets).toEqual(result.targets);
      expect(best.userDefinedMetadata.training.examplesSeen).toBe(result.examplesSeen);
      result.model.dispose();
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
