// The kernel's gradient pass over threads, plugged into the kernel's host: the host never knows
// about threads; this module imports the kernel.
import type { ForwardPass, GradientPass } from '../kernel/kernel-host.js';
import type { KernelNetwork } from '../kernel/kernel-network.js';
import { Mode } from './protocol.js';
import type { ShardLayout } from './shared-buffers.js';
import { finishShards, handOutShards, shardResults, shardsOf, type ShardWorker } from './shards.js';

export interface ThreadedPassContext {
  workers: readonly ShardWorker[];
  layout: ShardLayout;
  timeoutMs: number;
}

/**
 * This thread's network computes the first shard while the workers' kernels compute theirs,
 * then runs `whileWorkersRun` (if given) before it waits for them;
 * gradients and losses are averaged weighted by shard size in a fixed order (so a thread count
 * gives bit-identical results run after run).
 */
export function threadedGradientPass(network: KernelNetwork, chunkSize: number, context: ThreadedPassContext): GradientPass {
  const { workers, layout, timeoutMs } = context;
  const { answerLength } = layout;
  return (inputs, targets, batch, whileWorkersRun) => {
    const shards = shardsOf(batch, workers.length + 1);
    // Hand out the other shards first, so the workers run while this thread computes its own.
    const working = handOutShards(workers, layout, shards, { weights: network.weights(), inputs, targets });
    const [, ownSize] = shards[0]!;
    let loss = network.compute(inputs.subarray(0, ownSize * layout.inputRow), targets.subarray(0, ownSize * layout.targetRow), ownSize, chunkSize);
    const predicted = new Int32Array(batch * answerLength);
    predicted.set(network.predicted());
    if (working.length > 0) {
      try {
        whileWorkersRun?.();
      } finally {
        // The workers finish even when that work threw, so that the next step finds them idle.
        finishShards(working, timeoutMs);
      }
      // Weighted by shard size, in a fixed order: this thread's shard, then each worker's.
      const first = ownSize / batch;
      loss *= first;
      network.scaleGradients(first);
      for (const shard of shardResults(working, layout, shards)) {
        const weight = shard.size / batch;
        network.scratch().set(shard.gradients);
        network.addScratch(weight);
        loss += shard.loss * weight;
        predicted.set(shard.predicted, shard.start * answerLength);
      }
    }
    return { loss, predicted };
  };
}

/**
 * The forward pass alone (validation) over the same threads: this thread's network runs the
 * first shard while the workers run theirs, on the weights as they are; the loss is averaged
 * weighted by shard size, in the same fixed order. Nothing is learned on any thread.
 */
export function threadedForwardPass(network: KernelNetwork, context: ThreadedPassContext): ForwardPass {
  const { workers, layout, timeoutMs } = context;
  const { answerLength } = layout;
  return (inputs, targets, batch) => {
    const shards = shardsOf(batch, workers.length + 1);
    const working = handOutShards(workers, layout, shards, { weights: network.weights(), inputs, targets }, Mode.forward);
    const [, ownSize] = shards[0]!;
    let loss: number;
    const predicted = new Int32Array(batch * answerLength);
    try {
      loss = network.forward(inputs.subarray(0, ownSize * layout.inputRow), targets.subarray(0, ownSize * layout.targetRow), ownSize);
      predicted.set(network.predicted());
    } finally {
      finishShards(working, timeoutMs);
    }
    loss *= ownSize / batch;
    for (const shard of shardResults(working, layout, shards)) {
      loss += shard.loss * (shard.size / batch);
      predicted.set(shard.predicted, shard.start * answerLength);
    }
    return { loss, predicted };
  };
}
