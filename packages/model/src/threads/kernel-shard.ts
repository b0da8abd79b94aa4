// What a gradient worker computes in kernel mode: the WebAssembly kernel's gradients of its
// shard. No TensorFlow.js is loaded in the worker. The shared buffers hold weights and
// gradients in the description's parameter order, the kernel's own.
import type { ShardBuffers, WorkerData } from './protocol.js';
import type { KernelExports } from '../kernel/kernel-module.js';
import { createNetwork } from '../kernel/networks.js';

/**
 * Starts a kernel for this thread on `instance` (a fresh instance of the kernel module); returns
 * the shard computation, with the same contract in Node.js worker threads and Web Workers.
 */
export function startKernelShardGradients(data: Pick<WorkerData, 'description' | 'microBatchSize'>, instance: KernelExports): (buffers: ShardBuffers, shard: number) => void {
  const { description } = data;
  const network = createNetwork(description, instance, data.microBatchSize);
  const rowIn = description.questionLength * description.inputSize;
  const rowOut = description.answerLength * description.outputSize;
  return (buffers, shard) => {
    network.weights().set(new Float32Array(buffers.weights));
    const loss = network.compute(new Float32Array(buffers.inputs, 0, shard * rowIn), new Float32Array(buffers.targets, 0, shard * rowOut), shard, data.microBatchSize);
    const gradients = new Float32Array(buffers.gradients);
    gradients.set(network.gradients());
    gradients[network.parameters] = loss;
    new Int32Array(buffers.predicted, 0, shard * description.answerLength).set(network.predicted());
  };
}
