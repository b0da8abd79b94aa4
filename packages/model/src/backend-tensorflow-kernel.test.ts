// Where tfjs-node loads (the backend it registers as 'tensorflow'), training takes the kernel, as on
// every backend: the kernel uses none of the backend's kernels. tfjs-node's install needs a
// download that development machines cannot reach, so a stand-in registers under its name: the cpu
// backend's own class, with the cpu kernels registered for it. It is removed afterwards.
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { createModel } from './create-model.js';
import { ensureBuiltWorker } from './threads/build-worker-for-tests.js';
import { chooseTrainThreads } from './threads/choose-threads.js';
import { createParallelTrainStep, type ParallelTrainStep } from './threads/parallel-train-step.js';
import { createTrainStep } from './train-step.js';

const STAND_IN = 'tensorflow';
const copiedKernels: string[] = [];
const steps: ParallelTrainStep[] = [];

beforeAll(async () => {
  await ensureBuiltWorker();
  if (tf.findBackend(STAND_IN) !== null) throw new Error('a backend named tensorflow is already registered; this test stands in for it');
  // useBackend switches tfjs's "install tfjs-node" banner off, which a cpu backend prints.
  await useBackend('cpu');
  const CpuBackend = tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend;
  tf.registerBackend(STAND_IN, () => new CpuBackend(), 0);
  for (const config of tf.getKernelsForBackend('cpu')) {
    tf.registerKernel({ ...config, backendName: STAND_IN });
    copiedKernels.push(config.kernelName);
  }
  expect(await tf.setBackend(STAND_IN)).toBe(true);
}, 300_000);

afterAll(async () => {
  await Promise.all(steps.map((step) => step.dispose()));
  await tf.setBackend('cpu');
  for (const name of copiedKernels) tf.unregisterKernel(name, STAND_IN);
  tf.removeBackend(STAND_IN);
  expect(tf.findBackend(STAND_IN)).toBeNull();
});

function oneHotBatch(batch: number, length: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.oneHot(tf.randomUniformInt([batch, length], 0, 12, seed), 12).toFloat() as tf.Tensor3D);
}

function largestWeightDifference(a: tf.LayersModel, b: tf.LayersModel): number {
  return tf.tidy(() =>
    Math.max(...a.getWeights().map((weight, i) => tf.max(tf.abs(tf.sub(weight, b.getWeights()[i]!))).dataSync()[0]!)),
  );
}

describe('training on the tensorflow backend (tfjs-node)', () => {
  it('takes the kernel, on one thread and split over threads, and trains the model\'s own weights', async () => {
    expect(tf.getBackend()).toBe(STAND_IN);
    const cores = (await import('node:os')).availableParallelism();
    // As many threads as on wasm or cpu: the kernel's workers load no tfjs.
    expect(await chooseTrainThreads({ batchSize: 32, implementation: 'kernel' })).toBe(Math.min(cores, 2));

    const model = createModel({ seed: 3, hiddenSize: 16 });
    const twin = createModel({ seed: 3, hiddenSize: 16 });
    const optimizer = tf.train.adam(0.01);
    const twinOptimizer = tf.train.adam(0.01);
    const single = createTrainStep(model, { optimizer });
    expect(single.implementation).toBe('kernel');
    expect(single.fallbackReason).toBeUndefined();
    const parallel = await createParallelTrainStep(twin, { optimizer: twinOptimizer, threads: 2, maxBatchSize: 32 });
    steps.push(parallel);
    expect([parallel.implementation, parallel.threads]).toEqual(['kernel', 2]);
    expect(parallel.fallbackReason).toBeUndefined();

    const losses: number[] = [];
    let before = 0;
    for (let i = 0; i < 4; i += 1) {
      if (i === 1) before = tf.memory().numTensors;
      const inputs = oneHotBatch(32, 11, 10 + i);
      const targets = oneHotBatch(32, 6, 20 + i);
      const one = single(inputs, targets);
      const many = parallel(inputs, targets);
      losses.push(one.loss.dataSync()[0]!);
      expect(Math.abs(many.loss.dataSync()[0]! - losses[i]!) / losses[i]!).toBeLessThan(1e-5);
      tf.dispose([one.loss, one.predicted, many.loss, many.predicted, inputs, targets]);
    }
    expect(tf.memory().numTensors).toBe(before);
    // The steps wrote their updates back into the models' variables on this backend.
    const fresh = createModel({ seed: 3, hiddenSize: 16 });
    expect(largestWeightDifference(fresh, model)).toBeGreaterThan(1e-3);
    expect(largestWeightDifference(model, twin)).toBeLessThan(1e-4);
    optimizer.dispose();
    twinOptimizer.dispose();
    fresh.dispose();
    model.dispose();
    twin.dispose();
  }, 180_000);

  it('keeps the fused and layers steps for those who ask for them, fused on one thread', async () => {
    const fused = createModel({ seed: 3, hiddenSize: 16, implementation: 'fused' });
    const layers = createModel({ seed: 3, hiddenSize: 16, implementation: 'layers' });
    const optimizer = tf.train.adam(0.01);
    expect(createTrainStep(fused, { optimizer }).implementation).toBe('fused');
    expect(createTrainStep(layers, { optimizer }).implementation).toBe('layers');
    expect(await chooseTrainThreads({ batchSize: 512, implementation: 'fused' })).toBe(1);
    const refused = createParallelTrainStep(fused, { optimizer, threads: 2 });
    await expect(refused).rejects.toThrow(InvalidOptionError);
    await expect(refused).rejects.toThrow('threads > 1 needs the wasm or cpu backend (tensorflow runs its own threads); got threads 2');
    optimizer.dispose();
    fused.dispose();
    layers.dispose();
  });

  it('falls back to the fused step on one thread, saying why, for a model the kernel cannot train', async () => {
    const model = tf.sequential();
    model.add(tf.layers.lstm({ units: 8, inputShape: [11, 12], recurrentActivation: 'hardSigmoid' }));
    model.add(tf.layers.repeatVector({ n: 6 }));
    model.add(tf.layers.lstm({ units: 8, returnSequences: true, recurrentActivation: 'hardSigmoid' }));
    model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 12, activation: 'softmax' }) }));
    const optimizer = tf.train.adam(0.01);
    const step = await createParallelTrainStep(model, { optimizer, threads: 2, implementation: 'kernel' });
    steps.push(step);
    expect([step.implementation, step.threads]).toEqual(['fused', 1]);
    expect(step.fallbackReason).toMatch(/hardSigmoid gates/);
    expect(step.fallbackReason).toMatch(/running on one thread instead of 2: the fused step's threads need the wasm or cpu backend, not tensorflow$/);
    const inputs = oneHotBatch(8, 11, 1);
    const targets = oneHotBatch(8, 6, 2);
    const result = step(inputs, targets);
    expect(Number.isFinite(result.loss.dataSync()[0])).toBe(true);
    tf.dispose([inputs, targets, result.loss, result.predicted]);
    optimizer.dispose();
    model.dispose();
  });
});
