// The kernel's gradient pass over threads, plugged into the kernel's host: the host never knows
// about threads; this module imports the kernel.
import type { AdamUpdate, ForwardPass, GradientPass, KernelStepResult, WhileWorkersRun } from '../kernel/kernel-host.js';
import { adamArguments, type KernelNetwork } from '../kernel/kernel-network.js';
import { GradientWorkerError } from './errors.js';
import { Mode, UPDATE_SLOTS, UpdateSlot } from './protocol.js';
import type { SharedKernel } from './shared-kernel.js';
import type { ShardLayout } from './shared-buffers.js';
import { finishShards, handOutShards, shardResults, shardsOf, type ShardResult, type ShardWorker } from './shards.js';

export interface ThreadedPassContext {
  workers: readonly ShardWorker[];
  layout: ShardLayout;
  timeoutMs: number;
  /**
   * The memory every thread's kernel shares (shared-kernel.ts), when they do: the workers take
   * the weights from it and leave their gradients in it, and Adam runs in parts (`threadedUpdate`).
   * @default each worker copies the weights in and its gradients out through its buffers
   */
  shared?: Pick<SharedKernel, 'workers' | 'workerGradients' | 'mainUpdate'>;
}

/**
 * One batch over the threads: the workers get their shards (in `mode`), this thread computes the
 * first with `own` and then runs `whileWorkersRun`; once every worker has finished (even when
 * either threw), `merge` takes this thread's weight and the workers' results, and the loss and
 * predictions are put together weighted by shard size in a fixed order, this thread's shard
 * first (so a thread count gives bit-identical results run after run).
 */
function acrossThreads(
  network: KernelNetwork,
  context: ThreadedPassContext,
  mode: Mode,
  batch: { inputs: Float32Array; targets: Float32Array; size: number },
  own: (inputs: Float32Array, targets: Float32Array, size: number) => number,
  whileWorkersRun?: WhileWorkersRun,
  merge?: (ownWeight: number, results: readonly ShardResult[], batch: number) => void,
): KernelStepResult {
  const { workers, layout, timeoutMs } = context;
  const { inputs, targets, size } = batch;
  const shards = shardsOf(size, workers.length + 1);
  // Hand out the other shards first, so the workers run while this thread computes its own.
  const weights = context.shared === undefined ? network.weights() : undefined;
  const working = handOutShards(workers, layout, shards, { weights, inputs, targets }, mode);
  const [, ownSize] = shards[0]!;
  const predicted = new Int32Array(size * layout.answerLength);
  let loss: number;
  try {
    loss = own(inputs.subarray(0, ownSize * layout.inputRow), targets.subarray(0, ownSize * layout.targetRow), ownSize);
    predicted.set(network.predicted());
    if (working.length > 0) whileWorkersRun?.();
  } finally {
    // The workers finish even when this thread's work threw, so that the next request finds them idle.
    finishShards(working, timeoutMs);
  }
  if (working.length === 0) return { loss, predicted };
  const first = ownSize / size;
  const results = shardResults(working, layout, shards);
  merge?.(first, results, size);
  loss *= first;
  for (const shard of results) {
    loss += shard.loss * (shard.size / size);
    predicted.set(shard.predicted, shard.start * layout.answerLength);
  }
  return { loss, predicted };
}

/**
 * This thread's network computes the first shard while the workers' kernels compute theirs,
 * then runs `whileWorkersRun` (if given) before it waits for them; gradients and losses are
 * averaged weighted by shard size in a fixed order.
 */
export function threadedGradientPass(network: KernelNetwork, chunkSize: number, context: ThreadedPassContext): GradientPass {
  const own = (inputs: Float32Array, targets: Float32Array, size: number) => network.compute(inputs, targets, size, chunkSize);
  const shared = context.shared?.workerGradients;
  const merge = (ownWeight: number, results: readonly ShardResult[], batch: number) => {
    network.scaleGradients(ownWeight);
    results.forEach((shard, k) => {
      if (shared !== undefined) {
        network.addGradientsAt(shared[k]!, shard.size / batch);
      } else {
        network.scratch().set(shard.gradients);
        network.addScratch(shard.size / batch);
      }
    });
  };
  return (inputs, targets, size, whileWorkersRun) => acrossThreads(network, context, Mode.gradients, { inputs, targets, size }, own, whileWorkersRun, merge);
}

/**
 * The forward pass alone (validation) over the same threads: this thread's network runs the
 * first shard while the workers run theirs, on the weights as they are; the loss is averaged
 * weighted by shard size, in the same fixed order. Nothing is learned on any thread.
 */
export function threadedForwardPass(network: KernelNetwork, context: ThreadedPassContext): ForwardPass {
  const own = (inputs: Float32Array, targets: Float32Array, size: number) => network.forward(inputs, targets, size);
  return (inputs, targets, size) => acrossThreads(network, context, Mode.forward, { inputs, targets, size }, own);
}

/**
 * The Adam update split over the threads of a shared memory (shared-kernel.ts): each worker gets
 * the hyperparameters in its share and updates its part of this thread's parameters while this
 * thread updates the first part. Adam is elementwise, so the weights and moments come out
 * exactly as from one thread. A worker that fails before it began its part: this thread updates
 * that part too, and the step throws with the weights whole. One that failed after it began:
 * its part may be half done, and the error says so (`partialUpdate`).
 */
export function threadedUpdate(network: KernelNetwork, context: ThreadedPassContext & { shared: NonNullable<ThreadedPassContext['shared']> }): AdamUpdate {
  const { workers, timeoutMs } = context;
  const { workers: shares, mainUpdate } = context.shared;
  let round = 0;
  return (hyper) => {
    round += 1;
    const values = adamArguments(hyper);
    const requested: number[] = [];
    let failure: unknown;
    try {
      workers.forEach((worker, k) => {
        const { memory, update } = shares[k]!;
        new Float32Array(memory.buffer, update.hyper, values.length).set(values);
        Atomics.store(new Int32Array(memory.buffer, update.hyper, UPDATE_SLOTS), UpdateSlot.asked, round);
        worker.request(0, Mode.update);
        requested.push(k);
      });
    } catch (error) {
      failure = error;
    }
    let partial = false;
    try {
      network.adam(hyper, 0, mainUpdate);
    } finally {
      workers.forEach((worker, k) => {
        const { memory, update } = shares[k]!;
        try {
          if (!requested.includes(k)) throw failure;
          worker.finish(timeoutMs);
        } catch (error) {
          failure ??= error;
          const begun = Atomics.load(new Int32Array(memory.buffer, update.hyper, UPDATE_SLOTS), UpdateSlot.begun) === round;
          if (begun) partial = true;
          else network.adam(hyper, update.start, update.count);
        }
      });
    }
    if (failure === undefined) return;
    if (!partial) throw failure;
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw Object.assign(new GradientWorkerError(`${reason}; it failed during its part of the Adam update, so the weights are partly updated and cannot be used`, { cause: failure }), { partialUpdate: true });
  };
}
