// The kernel trains on the dataset's typed arrays: from reading a batch to returning its loss,
// train() makes no tfjs call. Checked with counters inside tfjs's engine, which every operation,
// tensor and read goes through.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { TrainOptions } from './options.js';
import { train } from './train.js';

type EngineMethods = Record<string, (...args: unknown[]) => unknown>;

interface Snapshot {
  kernels: number;
  reads: number;
  tensorIds: number;
  tensors: number;
}

/** Counts kernel executions and data reads in the engine while `body` runs; `snapshot()` reads the counters. */
async function counting<T>(body: (snapshot: () => Snapshot) => Promise<T>): Promise<T> {
  const engine = tf.engine() as unknown as EngineMethods;
  const counts = { kernels: 0, reads: 0 };
  const patched: [string, keyof typeof counts][] = [['runKernelFunc', 'kernels'], ['readSync', 'reads'], ['read', 'reads']];
  const originals = patched.map(([name]) => engine[name]!);
  patched.forEach(([name, counter], i) => {
    const original = originals[i]!;
    engine[name] = function (this: unknown, ...args: unknown[]) {
      counts[counter] += 1;
      return original.apply(this, args);
    };
  });
  // Every tensor and variable takes the next id of this counter (tfjs's Engine.nextTensorId).
  const ids = tf.engine().constructor as unknown as { nextTensorId: number };
  const snapshot = (): Snapshot => ({ ...counts, tensorIds: ids.nextTensorId, tensors: tf.memory().numTensors });
  try {
    return await body(snapshot);
  } finally {
    // Own properties shadow the prototype's methods; deleting them restores the originals.
    for (const [name] of patched) delete engine[name];
  }
}

/** 100 batches of one epoch, validation only at its end, no checkpoints; a snapshot before the first batch and after each. */
async function snapshotsOf(model: TrainOptions['model']): Promise<{ batches: Snapshot[]; end: Snapshot; implementation?: string }> {
  return counting(async (snapshot) => {
    const batches: Snapshot[] = [];
    let implementation: string | undefined;
    const result = await train({
      task: { digits: 2 },
      model,
      batchSize: 16,
      epochs: 1,
      examplesPerEpoch: 1600,
      validationSize: 20,
      evaluateEvery: null,
      backend: 'wasm',
      threads: 1,
      seed: 5,
      callbacks: {
        onStart: (info) => {
          implementation = info.implementation;
          batches.push(snapshot());
        },
        onBatchEnd: () => batches.push(snapshot()),
      },
    });
    const end = snapshot();
    result.model.dispose();
    return { batches, end, ...(implementation === undefined ? {} : { implementation }) };
  });
}

describe('train() with the kernel', () => {
  it('makes no tfjs call between reading a batch and returning its loss, over 100 steps', { timeout: 120_000 }, async () => {
    const kernel = await snapshotsOf({ hiddenSize: 8 });
    expect(kernel.implementation).toBe('kernel');
    expect(kernel.batches).toHaveLength(101);
    for (const snapshot of kernel.batches) expect(snapshot).toEqual(kernel.batches[0]);
    // The counters count: the end of the run writes the weights out to the tfjs model (validation runs in the kernel too).
    expect(kernel.end.kernels).toBeGreaterThan(kernel.batches[0]!.kernels);
    expect(kernel.end.tensorIds).toBeGreaterThan(kernel.batches[0]!.tensorIds);

    // And a step that computes in tfjs moves every counter at each batch, while its tensors are all freed.
    const fused = await snapshotsOf({ hiddenSize: 8, implementation: 'fused' });
    expect(fused.implementation).toBe('fused');
    const [first, second] = fused.batches.slice(1);
    expect(second!.kernels).toBeGreaterThan(first!.kernels);
    expect(second!.reads).toBeGreaterThan(first!.reads);
    expect(second!.tensorIds).toBeGreaterThan(first!.tensorIds);
    expect(second!.tensors).toBe(first!.tensors);
  });
});
