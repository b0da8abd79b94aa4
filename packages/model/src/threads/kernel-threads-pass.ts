// The kernel's gradient pass over threads, plugged into the kernel's host: the host never knows
// about threads; this module imports the kernel.
import type { ForwardPass, GradientPass, KernelStepResult, WhileWorkersRun } from '../kernel/kernel-host.js';
import type { KernelNetwork } from '../kernel/kernel-network.js';
import { Mode } from './protocol.js';
import type { ShardLayout } from './shared-buffers.js';
import { finishShards, handOutShards, shardResults, shardsOf, type ShardResult, type ShardWorker } from './shards.js';

export interface ThreadedPassContext {
  workers: readonly ShardWorker[];
  layout: ShardLayout;
  timeoutMs: number;
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
  const working = handOutShards(workers, layout, shards, { weights: network.weights(), inputs, targets }, mode);
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
  const merge = (ownWeight: number, results: readonly ShardResult[], batch: number) => {
    network.scaleGradients(ownWeight);
    for (const shard of results) {
      network.scratch().set(shard.gradients);
      network.addScratch(shard.size / batch);
    }
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
