// What a gradient worker computes in kernel mode: the WebAssembly kernel's gradients of its
// shard. No TensorFlow.js is loaded in the worker. The shared buffers hold weights and
// gradients in the description's parameter order, the kernel's own, unless every thread's
// kernel shares one memory (shared-kernel.ts).
import { markUpdateBegun, Mode, type ShardComputation, type SharedShare, type WorkerData } from './protocol.js';
import type { KernelExports } from '../kernel/kernel-module.js';
import { adamOn } from '../kernel/kernel-network.js';
import { createNetwork } from '../kernel/networks.js';

/**
 * Starts a kernel for this thread on `instance` (a fresh instance of the kernel module); returns
 * the shard computation, with the same contract in Node.js worker threads and Web Workers. In
 * `Mode.forward` it runs the forward pass alone (validation): the loss and predictions, no
 * gradients, in the network's own chunks as validation on one thread runs.
 */
export function startKernelShardGradients(data: Pick<WorkerData, 'description' | 'microBatchSize' | 'shared'>, instance: KernelExports): ShardComputation {
  const { description } = data;
  // On a shared memory (shared-kernel.ts) the weights are copied within it, and the gradients
  // stay where the main thread sums them; only the loss and the predictions travel.
  const shared = data.shared;
  const network = createNetwork(description, instance, data.microBatchSize, shared?.placement);
  const rowIn = description.questionLength * description.inputSize;
  const rowOut = description.answerLength * description.outputSize;
  return (buffers, shard, mode) => {
    if (mode === Mode.update) {
      if (shared === undefined) throw new Error('an Adam update was asked of a worker that does not share the main thread\'s memory');
      runUpdate(instance, shared);
      return;
    }
    if (shared !== undefined) network.copyWeightsFrom(shared.weights);
    else network.weights().set(new Float32Array(buffers.weights));
    const inputs = new Float32Array(buffers.inputs, 0, shard * rowIn);
    const targets = new Float32Array(buffers.targets, 0, shard * rowOut);
    const gradients = new Float32Array(buffers.gradients);
    if (mode === Mode.forward) {
      gradients[network.parameters] = network.forward(inputs, targets, shard);
    } else {
      const loss = network.compute(inputs, targets, shard, data.microBatchSize);
      if (shared === undefined) gradients.set(network.gradients());
      gradients[network.parameters] = loss;
    }
    new Int32Array(buffers.predicted, 0, shard * description.answerLength).set(network.predicted());
  };
}

/** A worker's side of `Mode.update`: marks the round begun, then updates its part of the main thread's parameters. */
function runUpdate(kernel: KernelExports, share: SharedShare): void {
  const { regions, start, count, hyper } = share.update;
  markUpdateBegun(share);
  adamOn(kernel, regions, new Float32Array(share.memory.buffer, hyper, 8), start, count);
}
