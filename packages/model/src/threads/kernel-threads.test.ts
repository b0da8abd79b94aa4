// The kernel split across worker threads (createParallelTrainStep in kernel mode). Its workers
// start from the built dist/parallel-worker.js; ensureBuiltWorker builds it when it is stale.
import * as tf from '@tensorflow/tfjs';
import { ArithmeticDataset } from '@addrnn/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { createModel } from '../create-model.js';
import { ensureBuiltWorker } from './build-worker-for-tests.js';
import { chooseTrainThreads } from './choose-threads.js';
import { createParallelTrainStep, createParallelTrainStepWith } from './parallel-train-step.js';
import { createKernelTrainStep } from '../kernel-adapter/kernel-train-step.js';
import { shardsOf } from './shards.js';

beforeAll(async () => {
  await ensureBuiltWorker();
  await useBackend('wasm');
}, 300_000);

interface Run {
  losses: number[];
  predicted: number[][];
  weights: Float32Array[];
}

async function train(threads: number | 'single', batchSize: number, steps: number, clipNorm?: number, sharedMemory = true): Promise<Run & { implementation?: string; threads: number }> {
  const model = createModel({ codec: { digits: 3 }, hiddenSize: 24, seed: 4 });
  const optimizer = tf.train.adam(5e-3);
  const clip = clipNorm === undefined ? {} : { clipNorm };
  const step =
    threads === 'single'
      ? createKernelTrainStep(model, { optimizer, ...clip })
      : await createParallelTrainStepWith(model, { optimizer, threads, maxBatchSize: batchSize, timeoutMs: 60_000, ...clip }, { sharedMemory });
  const dataset = new ArithmeticDataset({ codec: { digits: 3 }, seed: 6 });
  const stream = dataset.trainStream({ batchSize });
  const codec = dataset.codec;
  const run: Run = { losses: [], predicted: [], weights: [] };
  try {
    for (let s = 0; s < steps; s += 1) {
      const batch = stream.next();
      const inputs = tf.tensor3d(batch.inputs, [batch.size, codec.questionLength, codec.vocabularySize]);
      const targets = tf.tensor3d(batch.targets, [batch.size, codec.answerLength, codec.vocabularySize]);
      const result = step(inputs, targets);
      run.losses.push(result.loss.dataSync()[0]!);
      run.predicted.push(Array.from(result.predicted.dataSync()));
      tf.dispose([result.loss, result.predicted, inputs, targets]);
    }
    run.weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  } finally {
    await (step as { dispose?: () => Promise<void> }).dispose?.();
    optimizer.dispose();
    model.dispose();
  }
  return { ...run, implementation: step.implementation, threads: (step as { threads?: number }).threads ?? 1 };
}

function maxRelative(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((values, k) => {
    const other = b[k]!;
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < values.length; i += 1) {
      diff = Math.max(diff, Math.abs(values[i]! - other[i]!));
      scale = Math.max(scale, Math.abs(other[i]!));
    }
    worst = Math.max(worst, diff / Math.max(scale, 1e-12));
  });
  return worst;
}

describe('the kernel over worker threads', () => {
  it('splits a batch into fixed shards, this thread first', () => {
    expect(shardsOf(32, 2)).toEqual([[0, 16], [16, 16]]);
    expect(shardsOf(37, 3)).toEqual([[0, 13], [13, 13], [26, 11]]);
    expect(shardsOf(2, 4)).toEqual([[0, 1], [1, 1]]);
  });

  it('agrees with one thread to float rounding, and is bit-identical run after run', async () => {
    const single = await train('single', 40, 6, 1);
    const first = await train(2, 40, 6, 1);
    const second = await train(2, 40, 6, 1);
    expect(first.implementation).toBe('kernel');
    expect(first.threads).toBe(2);
    // Run after run with the same thread count: the same bits.
    expect(second.losses).toEqual(first.losses);
    second.weights.forEach((w, k) => expect(Array.from(w)).toEqual(Array.from(first.weights[k]!)));
    // Against one thread: the same up to the order of float additions.
    first.losses.forEach((loss, s) => expect(Math.abs(loss - single.losses[s]!) / single.losses[s]!).toBeLessThan(1e-5));
    expect(first.predicted).toEqual(single.predicted);
    expect(maxRelative(first.weights, single.weights)).toBeLessThan(1e-4);
    expect(first.losses[5]).toBeLessThan(first.losses[0]!);
  }, 180_000);

  // The threads share one WebAssembly memory: the workers copy the weights within it, the main
  // thread sums their gradients where they are, and Adam runs in parts on every thread. The same
  // sums in the same order, and Adam is elementwise: the same bits as copying through the buffers.
  it('on a shared memory, with Adam in parts, gives the same bits as copying with Adam on one thread', async () => {
    for (const [threads, batch] of [[2, 40], [3, 37]] as const) {
      const shared = await train(threads, batch, 4, 1);
      const copied = await train(threads, batch, 4, 1, false);
      expect(shared.threads).toBe(threads);
      expect(copied.threads).toBe(threads);
      expect(shared.losses).toEqual(copied.losses);
      expect(shared.predicted).toEqual(copied.predicted);
      shared.weights.forEach((w, k) => expect(Array.from(w)).toEqual(Array.from(copied.weights[k]!)));
    }
  }, 180_000);

  it('handles a batch that does not divide evenly over 3 threads, and one smaller than the thread count', async () => {
    const single = await train('single', 37, 3);
    const three = await train(3, 37, 3);
    expect(three.threads).toBe(3);
    three.losses.forEach((loss, s) => expect(Math.abs(loss - single.losses[s]!) / single.losses[s]!).toBeLessThan(1e-5));
    expect(maxRelative(three.weights, single.weights)).toBeLessThan(1e-4);
    const tiny = await train(3, 2, 2);
    expect(tiny.losses.every(Number.isFinite)).toBe(true);
  }, 180_000);

  it('runs this thread\'s work while the workers compute; work that throws ends the step with the weights unchanged', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const model = createModel({ codec: { digits: 3 }, hiddenSize: 24, seed: 4 });
    const optimizer = tf.train.adam(5e-3);
    const parallel = await createParallelTrainStep(model, { optimizer, threads: 2, maxBatchSize: 32, timeoutMs: 60_000 });
    const singleModel = createModel({ codec: { digits: 3 }, hiddenSize: 24, seed: 4 });
    const singleOptimizer = tf.train.adam(5e-3);
    const single = createKernelTrainStep(singleModel, { optimizer: singleOptimizer });
    const stream = new ArithmeticDataset({ codec: { digits: 3 }, seed: 6 }).trainStream({ batchSize: 32 });
    try {
      const arrays = parallel.arrays!;
      expect(parallel.threads).toBe(2);
      const batch = stream.next();
      const seen: string[] = [];
      const first = arrays.step(batch.inputs, batch.targets, batch.size, 5e-3, () => seen.push('ran'));
      expect(seen).toEqual(['ran']);
      expect(Number.isFinite(first.loss)).toBe(true);
      // One thread has no workers to wait for: it does not call it.
      single.arrays!.step(batch.inputs, batch.targets, batch.size, 5e-3, () => seen.push('single'));
      expect(seen).toEqual(['ran']);

      arrays.sync();
      const before = model.getWeights().map((w) => Array.from(w.dataSync()));
      const next = stream.next();
      expect(() => arrays.step(next.inputs, next.targets, next.size, 5e-3, () => {
        throw new Error('drawing the next batch failed');
      })).toThrow('drawing the next batch failed');
      arrays.sync();
      model.getWeights().forEach((w, k) => expect(Array.from(w.dataSync())).toEqual(before[k]));
      // The workers finished that step: the next one runs as usual and learns.
      const after = arrays.step(next.inputs, next.targets, next.size, 5e-3);
      expect(Number.isFinite(after.loss)).toBe(true);
      arrays.sync();
      expect(model.getWeights().some((w, k) => Array.from(w.dataSync()).some((v, i) => v !== before[k]![i]))).toBe(true);
    } finally {
      await parallel.dispose();
      optimizer.dispose();
      model.dispose();
      singleOptimizer.dispose();
      singleModel.dispose();
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 180_000);

  it('validates over the threads: the same predictions as one thread, and nothing learned', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const make = () => createModel({ codec: { digits: 3 }, hiddenSize: 24, seed: 4 });
    const models = [make(), make(), make()];
    const optimizers = models.map(() => tf.train.adam(5e-3));
    const evaluating = await createParallelTrainStep(models[0]!, { optimizer: optimizers[0]!, threads: 2, maxBatchSize: 32, timeoutMs: 60_000 });
    const plain = await createParallelTrainStep(models[1]!, { optimizer: optimizers[1]!, threads: 2, maxBatchSize: 32, timeoutMs: 60_000 });
    const single = createKernelTrainStep(models[2]!, { optimizer: optimizers[2]! });
    const stream = new ArithmeticDataset({ codec: { digits: 3 }, seed: 6 }).trainStream({ batchSize: 32 });
    const questions = new ArithmeticDataset({ codec: { digits: 3 }, seed: 8 }).trainStream({ batchSize: 101 });
    try {
      const steps = [evaluating.arrays!, plain.arrays!, single.arrays!];
      for (let s = 0; s < 3; s += 1) {
        const batch = stream.next();
        for (const step of steps) step.step(batch.inputs, batch.targets, batch.size, 5e-3);
        // Bigger than the shard buffers (they grow), and odd: shards of 51 and 50.
        const held = questions.next();
        const threaded = steps[0]!.evaluate!(held.inputs, held.targets, held.size);
        const threadedPredicted = Array.from(threaded.predicted);
        const alone = steps[2]!.evaluate!(held.inputs, held.targets, held.size);
        expect(threadedPredicted).toEqual(Array.from(alone.predicted));
        expect(Math.abs(threaded.loss - alone.loss) / alone.loss).toBeLessThan(1e-5);
      }
      // Nothing learned: the run that validated has the bits of the one that did not.
      const last = stream.next();
      const a = steps[0]!.step(last.inputs, last.targets, last.size, 5e-3);
      const b = steps[1]!.step(last.inputs, last.targets, last.size, 5e-3);
      expect(a.loss).toBe(b.loss);
      steps[0]!.sync();
      steps[1]!.sync();
      const [first, second] = [models[0]!, models[1]!].map((model) => model.getWeights().map((w) => Array.from(w.dataSync())));
      expect(first).toEqual(second);
    } finally {
      await evaluating.dispose();
      await plain.dispose();
      optimizers.forEach((optimizer) => optimizer.dispose());
      models.forEach((model) => model.dispose());
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 180_000);

  it('is what chooseTrainThreads splits from 16 examples a thread', async () => {
    const cores = (await import('node:os')).availableParallelism();
    expect(await chooseTrainThreads({ batchSize: 32, implementation: 'kernel' })).toBe(Math.min(cores, 2, 4));
    expect(await chooseTrainThreads({ batchSize: 15, implementation: 'kernel' })).toBe(1);
    expect(await chooseTrainThreads({ batchSize: 32, implementation: 'fused' })).toBe(1);
    expect(await chooseTrainThreads({ batchSize: 512, implementation: 'layers' })).toBe(1);
  });
});
