import type { ShardBuffers } from '../parallel/protocol.js';
import { shardBuffersFor, writeShard, type ShardLayout } from '../parallel/shared-buffers.js';
import type { GradientPass } from './kernel-host.js';
import type { KernelNetwork } from './kernel-network.js';

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

export interface ThreadedPassContext {
  workers: readonly ShardWorker[];
  layout: ShardLayout;
  timeoutMs: number;
}

/** Batch rows [start, start + size) of each thread: this one first, then the workers; a fixed split. */
export function shardsOf(batch: number, threads: number): [start: number, size: number][] {
  const shardSize = Math.ceil(batch / threads);
  const shards: [number, number][] = [];
  for (let start = 0; start < batch; start += shardSize) shards.push([start, Math.min(shardSize, batch - start)]);
  return shards;
}

/**
 * The kernel's gradient pass over threads: this thread's network computes the first shard while
 * the workers' compute theirs; gradients and losses are averaged weighted by shard size in a
 * fixed order (so a thread count gives bit-identical results run after run).
 */
export function threadedGradientPass(network: KernelNetwork, chunkSize: number, context: ThreadedPassContext): GradientPass {
  const { workers, layout, timeoutMs } = context;
  const { answerLength } = layout;
  return (inputs, targets, batch) => {
    const shards = shardsOf(batch, workers.length + 1);
    const working = workers.slice(0, shards.length - 1);
    // Hand out the other shards first, so the workers run while this thread computes its own.
    const weights = network.weights();
    working.forEach((worker, k) => {
      const [start, size] = shards[k + 1]!;
      const buffers = shardBuffersFor(worker.buffers, layout, size);
      if (buffers !== worker.buffers) worker.replaceBuffers(buffers);
      writeShard(buffers, layout, weights, inputs, targets, start, size);
      worker.request(size);
    });
    const [, ownSize] = shards[0]!;
    let loss = network.compute(inputs.subarray(0, ownSize * layout.inputRow), targets.subarray(0, ownSize * layout.targetRow), ownSize, chunkSize);
    const predicted = new Int32Array(batch * answerLength);
    predicted.set(network.predicted());
    if (working.length > 0) {
      for (const worker of working) worker.finish(timeoutMs);
      // Weighted by shard size, in a fixed order: this thread's shard, then each worker's.
      const first = ownSize / batch;
      loss *= first;
      network.scaleGradients(first);
      working.forEach((worker, k) => {
        const [start, size] = shards[k + 1]!;
        const weight = size / batch;
        const shared = new Float32Array(worker.buffers.gradients);
        network.scratch().set(shared.subarray(0, layout.parameters));
        network.addScratch(weight);
        loss += shared[layout.parameters]! * weight;
        predicted.set(new Int32Array(worker.buffers.predicted, 0, size * answerLength), start * answerLength);
      });
    }
    return { loss, predicted };
  };
}
