// How the parallel step behaves when its workers cannot start, crash or are already gone. A
// step that waited out its worker timeout instead of noticing the failure would throw a
// "did not finish" error, which the assertions on the message reject (the crash tests set a
// 30 s timeout so such a regression fails in 30 s, not in the default 120 s).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { AddrnnError } from '@addrnn/codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../create-model.js';
import { createTrainStep } from '../train-step.js';
import { ensureBuiltWorker } from './build-worker-for-tests.js';
import { DisposedTrainStepError, GradientWorkerError } from './errors.js';
import { createParallelTrainStepWith, type ParallelTrainStep } from './parallel-train-step.js';
import type { WorkerPool } from './worker-pool.js';

function oneHotBatch(batch: number, length: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.oneHot(tf.randomUniformInt([batch, length], 0, 12, seed), 12).toFloat() as tf.Tensor3D);
}

function runStep(step: ParallelTrainStep, batch: number, seed: number): number {
  const inputs = oneHotBatch(batch, 11, seed);
  const targets = oneHotBatch(batch, 6, seed + 1);
  try {
    const { loss, predicted } = step(inputs, targets);
    const value = loss.dataSync()[0]!;
    tf.dispose([loss, predicted]);
    return value;
  } finally {
    tf.dispose([inputs, targets]);
  }
}

describe('parallel step worker lifecycle (wasm)', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await ensureBuiltWorker();
    await tf.setBackend('wasm');
    await tf.ready();
  }, 180_000);

  it('falls back to one thread, with the reason, when the worker file is missing', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    const twin = createModel({ seed: 5, hiddenSize: 16 });
    const missing = new URL('./no-such-parallel-worker.js', import.meta.url);
    const step = await createParallelTrainStepWith(model, { optimizer: tf.train.adam(0.01), threads: 2 }, { workerUrl: missing });
    expect(step.threads).toBe(1);
    expect(step.fallbackReason).toMatch(/^running on one thread instead of 2: the gradient worker file .*no-such-parallel-worker\.js is missing/);
    // It still trains, exactly as the one-thread fused step does.
    const single = createTrainStep(twin, { optimizer: tf.train.adam(0.01) });
    const inputs = oneHotBatch(16, 11, 1);
    const targets = oneHotBatch(16, 6, 2);
    const fallback = step(inputs, targets);
    const reference = single(inputs, targets);
    expect(fallback.loss.dataSync()[0]).toBe(reference.loss.dataSync()[0]);
    tf.dispose([inputs, targets, fallback.loss, fallback.predicted, reference.loss, reference.predicted]);
    await step.dispose();
    model.dispose();
    twin.dispose();
  });

  it('falls back when the worker file fails to load (a broken or half-copied bundle)', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    const broken = new URL('data:text/javascript,throw new Error("this bundle is broken")');
    const step = await createParallelTrainStepWith(model, { optimizer: tf.train.adam(0.01), threads: 3 }, { workerUrl: broken });
    expect(step.threads).toBe(1);
    expect(step.fallbackReason).toMatch(/running on one thread instead of 3: gradient worker \d .* failed to start: .*this bundle is broken/);
    expect(Number.isFinite(runStep(step, 8, 3))).toBe(true);
    await step.dispose();
    model.dispose();
  });

  it('falls back when a worker does not start within the timeout, and stops it', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    // Never reports ready, never reads STOP: the start has to terminate it.
    const silent = new URL('data:text/javascript,setInterval(() => {}, 1000)');
    const step = await createParallelTrainStepWith(model, { optimizer: tf.train.adam(0.01), threads: 2, timeoutMs: 1_000 }, { workerUrl: silent });
    expect(step.threads).toBe(1);
    expect(step.fallbackReason).toMatch(/gradient worker 1 .* did not start within 1000 ms/);
    await step.dispose();
    model.dispose();
  });

  // Each step asks a worker twice: its shard's gradients (requests 1, 3, ...), then its part of Adam (2, 4, ...).
  it('throws a GradientWorkerError at once when a worker exits in the middle of a step', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    const step = await createParallelTrainStepWith(model, { optimizer: tf.train.adam(0.01), threads: 2, timeoutMs: 30_000 }, { faults: { exitOnRequest: 3 } });
    expect(step.fallbackReason).toBeUndefined();
    expect(step.threads).toBe(2);
    expect(Number.isFinite(runStep(step, 16, 10))).toBe(true);
    const before = tf.memory().numTensors;
    let thrown: unknown;
    try {
      runStep(step, 16, 20);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GradientWorkerError);
    expect((thrown as AddrnnError).code).toBe('GRADIENT_WORKER_FAILED');
    expect((thrown as Error).message).toMatch(/gradient worker 1 .* failed: the gradient worker exited with code 3 during request 3/);
    // The failed step leaked nothing, and the next one refuses at once with the same cause.
    expect(tf.memory().numTensors).toBe(before);
    expect(() => runStep(step, 16, 30)).toThrow(/exited with code 3 during request 3/);
    // dispose settles although the worker is gone, and again.
    await step.dispose();
    await step.dispose();
    expect(() => runStep(step, 16, 40)).toThrow(DisposedTrainStepError);
    model.dispose();
  });

  it("finishes a worker's part of Adam here when it exits before beginning it: the step throws, the weights are whole", async () => {
    const weightsAfter = async (faults: { exitOnRequest?: number }) => {
      const model = createModel({ seed: 5, hiddenSize: 16 });
      const step = await createParallelTrainStepWith(model, { optimizer: tf.train.adam(0.01), threads: 2, timeoutMs: 30_000 }, { faults });
      const inputs = oneHotBatch(16, 11, 10);
      const targets = oneHotBatch(16, 6, 11);
      let thrown: unknown;
      try {
        step.arrays!.step(inputs.dataSync() as Float32Array, targets.dataSync() as Float32Array, 16, 0.01);
      } catch (error) {
        thrown = error;
      }
      step.arrays!.sync();
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      tf.dispose([inputs, targets]);
      await step.dispose();
      model.dispose();
      return { thrown, weights };
    };
    const whole = await weightsAfter({});
    expect(whole.thrown).toBeUndefined();
    const failed = await weightsAfter({ exitOnRequest: 2 });
    expect(failed.thrown).toBeInstanceOf(GradientWorkerError);
    expect((failed.thrown as Error).message).toMatch(/exited with code 3 during request 2/);
    expect((failed.thrown as Error).message).not.toMatch(/partly updated/);
    // Bit for bit the step that no failure interrupted.
    expect(failed.weights).toEqual(whole.weights);
  });

  it('refuses the weights after a worker died in the middle of its part of Adam', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const step = await createParallelTrainStepWith(model, { optimizer: tf.train.adam(0.01), threads: 2, timeoutMs: 30_000 }, { faults: { exitDuringUpdate: 2 } });
    const inputs = oneHotBatch(16, 11, 10);
    const targets = oneHotBatch(16, 6, 11);
    const x = inputs.dataSync() as Float32Array;
    const y = targets.dataSync() as Float32Array;
    expect(() => step.arrays!.step(x, y, 16, 0.01)).toThrow(/partly updated and cannot be used/);
    // Nothing half updated reaches the model, and the step refuses to go on.
    expect(() => step.arrays!.sync()).toThrow(/partly updated/);
    expect(() => step.arrays!.step(x, y, 16, 0.01)).toThrow(GradientWorkerError);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    tf.dispose([inputs, targets]);
    await step.dispose();
    model.dispose();
  });

  it('throws a GradientWorkerError when a worker was killed between steps, and dispose settles', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    let pool: WorkerPool | undefined;
    const step = await createParallelTrainStepWith(model, { optimizer: tf.train.adam(0.01), threads: 3, timeoutMs: 30_000 }, { onPool: (started) => (pool = started) });
    expect(step.threads).toBe(3);
    expect(Number.isFinite(runStep(step, 24, 10))).toBe(true);
    await pool!.workers[1]!.kill();
    expect(() => runStep(step, 24, 20)).toThrow(/gradient worker 2 .* failed: it exited with code 1/);
    const disposals = [step.dispose(), step.dispose()];
    await Promise.all(disposals);
    model.dispose();
  });

  it('disposes twice after a normal run, and refuses to run afterwards', async () => {
    const model = createModel({ seed: 5, hiddenSize: 16 });
    const step = await createParallelTrainStepWith(model, { optimizer: tf.train.adam(0.01), threads: 2 }, {});
    expect(Number.isFinite(runStep(step, 8, 1))).toBe(true);
    await step.dispose();
    await step.dispose();
    let thrown: unknown;
    try {
      runStep(step, 8, 2);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DisposedTrainStepError);
    expect((thrown as AddrnnError).code).toBe('TRAIN_STEP_DISPOSED');
    model.dispose();
  });
});
