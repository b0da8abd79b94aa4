// What a gradient worker computes in kernel mode: the WebAssembly kernel's gradients of its
// shard. No TensorFlow.js is loaded in the worker. The shared buffers hold weights and
// gradients in the description's parameter order, the kernel's own.
import { Mode, type ShardComputation, type WorkerData } from './protocol.js';
import type { KernelExports } from '../kernel/kernel-module.js';
import { createNetwork } from '../kernel/networks.js';

/**
 * Starts a kernel for this thread on `instance` (a fresh instance of the kernel module); returns
 * the shard computation, with the same contract in Node.js worker threads and Web Workers. In
 * `Mode.forward` it runs the forward pass alone (validation): the loss and predictions, no
 * gradients, in the network's own chunks as validation on one thread runs.
 */
export function startKernelShardGradients(data: Pick<WorkerData, 'description' | 'microBatchSize'>, instance: KernelExports): ShardComputation {
  const { description } = data;
  const network = createNetwork(description, instance, data.microBatchSize);
  const rowIn = description.questionLength * description.inputSize;
  const rowOut = description.answerLength * description.outputSize;
  return (buffers, shard, mode) => {
    network.weights().set(new Float32Array(buffers.weights));
    const inputs = new Float32Array(buffers.inputs, 0, shard * rowIn);
    const targets = new Float32Array(buffers.targets, 0, shard * rowOut);
    const gradients = new Float32Array(buffers.gradients);
    if (mode === Mode.forward) {
      gradients[network.parameters] = network.forward(inputs, targets, shard);
    } else {
      const loss = network.compute(inputs, targets, shard, data.microBatchSize);
      gradients.set(network.gradients());
      gradients[network.parameters] = loss;
    }
    new Int32Array(buffers.predicted, 0, shard * description.answerLength).set(network.predicted());
  };
}
