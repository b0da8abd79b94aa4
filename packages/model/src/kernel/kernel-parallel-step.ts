import * as tf from '@tensorflow/tfjs';
import { WEIGHT_ROLES } from '../fused/model-spec.js';
import type { TrainStepResult } from '../train-step.js';
import type { ShardBuffers } from '../parallel/protocol.js';
import { shardBuffersFor, writeShard, type ShardLayout } from '../parallel/shared-buffers.js';
import { KernelGradients } from './kernel-gradients.js';
import { instantiateKernel } from './kernel-module.js';
import { rolePermutation, type Permutation } from './kernel-shard.js';
import { KernelOptimizer } from './kernel-optimizer.js';
import { checkBatch, clipGradients, type KernelModel } from './kernel-train-step.js';

/** A thread that computes shards: a Node.js worker thread or a Web Worker. */
export interface ShardWorker {
  /** The buffers the worker reads its shard from and writes its gradients to. */
  readonly buffers: ShardBuffers;
  /** Hands the worker bigger buffers; it picks them up with its next request. */
  replaceBuffers(buffers: ShardBuffers): void;
  /** Asks the worker to compute a shard of `size` examples, already written to its buffers. */
  request(size: number): void;
  /** Blocks until the last request is done; throws when the worker failed or took longer than `timeoutMs`. */
  finish(timeoutMs: number): void;
}

export interface KernelParallelContext {
  model: KernelModel;
  optimizer: tf.Optimizer;
  clipNorm?: number;
  workers: readonly ShardWorker[];
  layout: ShardLayout;
  microBatchSize: number;
  timeoutMs: number;
}

/** Batch rows [start, start + size) of each thread: this one first, then the workers; a fixed split. */
export function shardsOf(batch: number, threads: number): [start: number, size: number][] {
  const shardSize = Math.ceil(batch / threads);
  const shards: [number, number][] = [];
  for (let start = 0; start < batch; start += shardSize) shards.push([start, Math.min(shardSize, batch - start)]);
  return shards;
}

function permuteInto(target: Float32Array, source: Float32Array, permutation: Permutation, toTrainable: boolean): void {
  for (const [trainableStart, roleStart, size] of permutation) {
    if (toTrainable) target.set(source.subarray(roleStart, roleStart + size), trainableStart);
    else target.set(source.subarray(trainableStart, trainableStart + size), roleStart);
  }
}

/**
 * The kernel's step over threads: this thread's kernel computes the first shard while the
 * workers' kernels compute theirs; gradients and losses are averaged weighted by shard size in
 * a fixed order (so a thread count gives bit-identical results run after run), then clipped and
 * applied by this thread's optimizer.
 */
export function createKernelParallelStep(context: KernelParallelContext): (inputs: tf.Tensor3D, targets: tf.Tensor3D) => TrainStepResult {
  const { model, optimizer, clipNorm, workers, layout, microBatchSize, timeoutMs } = context;
  const own = new KernelGradients(model.shape, microBatchSize, instantiateKernel());
  const updates = new KernelOptimizer(model, optimizer);
  const permutation = rolePermutation(model.spec.trainable.map((variable, i) => ({ role: roleOf(model, i), size: variable.size })));
  const trainableWeights = new Float32Array(layout.parameters);
  const { answerLength } = model.shape;
  return (inputs, targets) => {
    const batch = checkBatch(model.shape, inputs, targets);
    const shards = shardsOf(batch, workers.length + 1);
    const working = workers.slice(0, shards.length - 1);
    const inputValues = inputs.dataSync() as Float32Array;
    const targetValues = targets.dataSync() as Float32Array;
    updates.syncWeights(own);
    const weights = own.weights();
    if (working.length > 0) permuteInto(trainableWeights, weights, permutation, true);
    // Hand out the other shards first, so the workers run while this thread computes its own.
    working.forEach((worker, k) => {
      const [start, size] = shards[k + 1]!;
      const buffers = shardBuffersFor(worker.buffers, layout, size);
      if (buffers !== worker.buffers) worker.replaceBuffers(buffers);
      writeShard(buffers, layout, trainableWeights, inputValues, targetValues, start, size);
      worker.request(size);
    });
    const [, ownSize] = shards[0]!;
    let loss = own.compute(inputValues.subarray(0, ownSize * layout.inputRow), targetValues.subarray(0, ownSize * layout.targetRow), ownSize, microBatchSize);
    const predicted = new Int32Array(batch * answerLength);
    predicted.set(own.predicted(ownSize));
    if (working.length > 0) {
      for (const worker of working) worker.finish(timeoutMs);
      // Weighted by shard size, in a fixed order: this thread's shard, then each worker's.
      const first = ownSize / batch;
      loss *= first;
      own.scaleGradients(first);
      working.forEach((worker, k) => {
        const [start, size] = shards[k + 1]!;
        const weight = size / batch;
        const shared = new Float32Array(worker.buffers.gradients);
        permuteInto(own.scratch(), shared, permutation, false);
        own.addScratch(weight);
        loss += shared[layout.parameters]! * weight;
        predicted.set(new Int32Array(worker.buffers.predicted, 0, size * answerLength), start * answerLength);
      });
    }
    clipGradients(own, clipNorm);
    updates.apply(own);
    return { loss: tf.scalar(loss), predicted: tf.tensor2d(predicted, [batch, answerLength], 'int32') };
  };
}

function roleOf(model: KernelModel, trainableIndex: number): string {
  return WEIGHT_ROLES[model.trainableIndex[trainableIndex]!]!;
}
