// The data-parallel step runs its workers from the built package (dist/parallel-worker.js):
// ensureBuiltWorker builds that entry first when it is missing or older than the sources.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidOptionError } from '@addrnn/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../create-model.js';
import { createTrainStep } from '../train-step.js';
import { ensureBuiltWorker } from './build-worker-for-tests.js';
import { chooseTrainThreads } from './choose-threads.js';
import { createParallelTrainStep, type ParallelTrainStep } from './parallel-train-step.js';

function oneHotBatch(batch: number, length: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.oneHot(tf.randomUniformInt([batch, length], 0, 12, seed), 12).toFloat() as tf.Tensor3D);
}

function largestWeightDifference(a: tf.LayersModel, b: tf.LayersModel): number {
  return tf.tidy(() =>
    Math.max(...a.getWeights().map((weight, i) => tf.max(tf.abs(tf.sub(weight, b.getWeights()[i]!))).dataSync()[0]!)),
  );
}

// Sharding changes only the order of float sums: losses and weights agree to float rounding.
const LOSS_TOLERANCE = 1e-5;
const WEIGHT_TOLERANCE = 1e-5;

describe('createParallelTrainStep on wasm', () => {
  beforeAll(async () => {
    await ensureBuiltWorker();
    await tf.setBackend('wasm');
    await tf.ready();
  }, 180_000);

  const steps: ParallelTrainStep[] = [];
  afterAll(async () => {
    await Promise.all(steps.map((step) => step.dispose()));
  });

  for (const [threads, batch, clipNorm, microBatchSize] of [
    [2, 64, undefined, undefined],
    [3, 37, undefined, undefined],
    [2, 48, 0.05, undefined],
    // Shards of 20 worked through in chunks of 8, 8 and 4.
    [2, 40, undefined, 8],
  ] as const) {
    it(`matches the one-thread fused step: ${threads} threads, batch ${batch}${clipNorm ? `, clipNorm ${clipNorm}` : ''}${microBatchSize ? `, micro-batches of ${microBatchSize}` : ''}`, async () => {
      const reference = createModel({ seed: 11, hiddenSize: 32 });
      const sharded = createModel({ seed: 11, hiddenSize: 32 });
      const referenceOptimizer = tf.train.adam(0.01);
      const shardedOptimizer = tf.train.adam(0.01);
      const single = createTrainStep(reference, { optimizer: referenceOptimizer, ...(clipNorm ? { clipNorm } : {}) });
      const parallel = await createParallelTrainStep(sharded, {
        optimizer: shardedOptimizer,
        threads,
        maxBatchSize: batch,
        ...(clipNorm ? { clipNorm } : {}),
        ...(microBatchSize ? { microBatchSize } : {}),
      });
      steps.push(parallel);
      expect(parallel.fallbackReason).toBeUndefined();
      expect(parallel.threads).toBe(threads);
      let before = 0;
      for (let i = 0; i < 4; i += 1) {
        // Adam makes its slot variables in the first step; from then on the count must hold.
        if (i === 1) before = tf.memory().numTensors;
        const inputs = oneHotBatch(batch, 11, 100 + i);
        const targets = oneHotBatch(batch, 6, 200 + i);
        const one = single(inputs, targets);
        const many = parallel(inputs, targets);
        expect(Math.abs(one.loss.dataSync()[0]! - many.loss.dataSync()[0]!)).toBeLessThan(LOSS_TOLERANCE);
        expect(many.predicted.shape).toEqual([batch, 6]);
        expect(Array.from(many.predicted.dataSync())).toEqual(Array.from(one.predicted.dataSync()));
        tf.dispose([one.loss, one.predicted, many.loss, many.predicted, inputs, targets]);
      }
      const difference = largestWeightDifference(reference, sharded);
      expect(difference).toBeLessThan(WEIGHT_TOLERANCE);
      // The weights did move: the comparison is not between two untouched models.
      const fresh = createModel({ seed: 11, hiddenSize: 32 });
      expect(largestWeightDifference(fresh, sharded)).toBeGreaterThan(1e-3);
      fresh.dispose();
      expect(tf.memory().numTensors).toBe(before);
      reference.dispose();
      sharded.dispose();
      referenceOptimizer.dispose();
      shardedOptimizer.dispose();
    });
  }

  it('grows its shared buffers for a batch larger than maxBatchSize, and runs a batch smaller than its threads', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    const twin = createModel({ seed: 5, hiddenSize: 16 });
    const optimizer = tf.train.adam(0.01);
    const twinOptimizer = tf.train.adam(0.01);
    const parallel = await createParallelTrainStep(model, { optimizer, threads: 2, maxBatchSize: 8 });
    steps.push(parallel);
    const single = createTrainStep(twin, { optimizer: twinOptimizer });
    for (const batch of [8, 40, 1, 40]) {
      const inputs = oneHotBatch(batch, 11, batch);
      const targets = oneHotBatch(batch, 6, batch + 1);
      const many = parallel(inputs, targets);
      const one = single(inputs, targets);
      expect(Math.abs(one.loss.dataSync()[0]! - many.loss.dataSync()[0]!)).toBeLessThan(LOSS_TOLERANCE);
      tf.dispose([one.loss, one.predicted, many.loss, many.predicted, inputs, targets]);
    }
    expect(largestWeightDifference(model, twin)).toBeLessThan(WEIGHT_TOLERANCE);
    model.dispose();
    twin.dispose();
  });

  it('refuses a malformed batch before any worker sees it, and keeps working', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    const parallel = await createParallelTrainStep(model, { optimizer: tf.train.adam(0.01), threads: 2 });
    steps.push(parallel);
    const inputs = oneHotBatch(8, 11, 1);
    const wrong = oneHotBatch(8, 5, 2);
    expect(() => parallel(inputs, wrong)).toThrow(/needs inputs \[8, 11, 12\] and targets \[8, 6, 12\], got \[8, 11, 12\] and \[8, 5, 12\]/);
    const targets = oneHotBatch(8, 6, 3);
    const result = parallel(inputs, targets);
    expect(Number.isFinite(result.loss.dataSync()[0])).toBe(true);
    tf.dispose([inputs, wrong, targets, result.loss, result.predicted]);
    model.dispose();
  });

  it('stops its workers on dispose and refuses to run afterwards', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    const parallel = await createParallelTrainStep(model, { optimizer: tf.train.adam(0.01), threads: 2 });
    await parallel.dispose();
    const inputs = oneHotBatch(4, 11, 1);
    const targets = oneHotBatch(4, 6, 2);
    expect(() => parallel(inputs, targets)).toThrow(/disposed/);
    tf.dispose([inputs, targets]);
    model.dispose();
  });

  it('validates its options, naming the value', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    await expect(createParallelTrainStep(model, { optimizer: tf.train.adam(0.01), threads: 0 })).rejects.toThrow(InvalidOptionError);
    await expect(createParallelTrainStep(model, { optimizer: tf.train.adam(0.01), threads: 1.5 })).rejects.toThrow(/threads must be an integer from 1 to 64, got 1\.5/);
    await expect(createParallelTrainStep(model, { optimizer: tf.train.adam(0.01), clipNorm: -1 })).rejects.toThrow('clipNorm must be a finite number > 0, got -1');
    await expect(createParallelTrainStep(model, { optimizer: tf.train.adam(0.01), microBatchSize: 0 })).rejects.toThrow(/microBatchSize must be a positive integer, got 0/);
    const gru = createModel({ seed: 5, hiddenSize: 16, cell: 'gru' });
    await expect(createParallelTrainStep(gru, { optimizer: tf.train.adam(0.01), threads: 2 })).rejects.toThrow(/fused training step does not support/);
    model.dispose();
    gru.dispose();
  });
});

describe('chooseTrainThreads', () => {
  it('passes a number through and splits automatically only with enough examples a thread (fused: 32)', async () => {
    await tf.setBackend('wasm');
    const { availableParallelism } = await import('node:os');
    const fused = { implementation: 'fused' } as const;
    expect(await chooseTrainThreads({ threads: 3, batchSize: 32 })).toBe(3);
    expect(await chooseTrainThreads({ batchSize: 32, ...fused })).toBe(1);
    expect(await chooseTrainThreads({ batchSize: 63, ...fused })).toBe(1);
    expect(await chooseTrainThreads({ batchSize: 64, ...fused })).toBe(Math.min(availableParallelism(), 2));
    expect(await chooseTrainThreads({ batchSize: 512, implementation: 'layers' })).toBe(1);
    expect(await chooseTrainThreads({ batchSize: 512, ...fused })).toBe(Math.min(availableParallelism(), 4));
    expect(await chooseTrainThreads({ batchSize: 128, ...fused })).toBe(Math.min(availableParallelism(), 2));
    await expect(chooseTrainThreads({ threads: 0, batchSize: 32 })).rejects.toThrow(/threads must be "auto" or an integer from 1 to 64, got 0/);
    await expect(chooseTrainThreads({ threads: 2, batchSize: 32, implementation: 'layers' })).rejects.toThrow(/needs the kernel or fused implementation/);
  });
});
