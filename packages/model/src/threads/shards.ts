// The main thread's side of one batch split over threads, shared by the kernel's threaded pass
// and the fused parallel step: the fixed split, handing each worker its shard, and reading
// back what each computed.
import type { Mode, ShardBuffers } from './protocol.js';
import { shardBuffersFor, writeShard, type ShardLayout } from './shared-buffers.js';

/** A thread that computes shards: a Node.js worker thread or a Web Worker. */
export interface ShardWorker {
  /** The buffers the worker reads its shard from and writes its gradients to. */
  readonly buffers: ShardBuffers;
  /** Hands the worker bigger buffers; it picks them up with its next request. */
  replaceBuffers(buffers: ShardBuffers): void;
  /** Asks the worker to compute a shard of `size` examples, already written to its buffers: its gradients, or what `mode` says. */
  request(size: number, mode?: Mode): void;
  /** Blocks until the last request is done; throws when the worker failed or took longer than `timeoutMs`. */
  finish(timeoutMs: number): void;
}

/** Batch rows [start, start + size) of each thread: this one first, then the workers; a fixed split. */
export function shardsOf(batch: number, threads: number): [start: number, size: number][] {
  const shardSize = Math.ceil(batch / threads);
  const shards: [number, number][] = [];
  for (let start = 0; start < batch; start += shardSize) shards.push([start, Math.min(shardSize, batch - start)]);
  return shards;
}

/**
 * Starts the workers on `shards[1..]` (the first is this thread's): writes each one's rows of
 * `inputs` and `targets` and the `weights` (unless they take them from a shared memory) into its buffers, bigger ones when needed, and
 * requests it. Returns the workers that got a shard; `working[k]` computes `shards[k + 1]`.
 */
export function handOutShards(
  workers: readonly ShardWorker[],
  layout: ShardLayout,
  shards: readonly [start: number, size: number][],
  batch: { weights: Float32Array | undefined; inputs: Float32Array; targets: Float32Array },
  mode?: Mode,
): readonly ShardWorker[] {
  const working = workers.slice(0, shards.length - 1);
  working.forEach((worker, k) => {
    const [start, size] = shards[k + 1]!;
    const buffers = shardBuffersFor(worker.buffers, layout, size);
    if (buffers !== worker.buffers) worker.replaceBuffers(buffers);
    writeShard(buffers, layout, batch.weights, batch.inputs, batch.targets, start, size);
    worker.request(size, mode);
  });
  return working;
}

/** Blocks until every working worker has finished its shard; throws GradientWorkerError for one that failed. */
export function finishShards(working: readonly ShardWorker[], timeoutMs: number): void {
  for (const worker of working) worker.finish(timeoutMs);
}

/** What one worker computed: its shard's gradients (in the description's order), mean loss and predictions. */
export interface ShardResult {
  gradients: Float32Array;
  loss: number;
  predicted: Int32Array;
  start: number;
  size: number;
}

/** Each finished worker's result, in shard order (the order the batch's sums must keep). */
export function shardResults(working: readonly ShardWorker[], layout: ShardLayout, shards: readonly [start: number, size: number][]): ShardResult[] {
  return working.map((worker, k) => {
    const [start, size] = shards[k + 1]!;
    const shared = new Float32Array(worker.buffers.gradients);
    return {
      gradients: shared.subarray(0, layout.parameters),
      loss: shared[layout.parameters]!,
      predicted: new Int32Array(worker.buffers.predicted, 0, size * layout.answerLength),
      start,
      size,
    };
  });
}
