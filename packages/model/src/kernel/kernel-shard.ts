// What a gradient worker computes in kernel mode: the WebAssembly kernel's gradients of its
// shard. No TensorFlow.js is loaded in the worker. The shared buffers hold weights and gradients
// in the model's trainable order (protocol.ts); the kernel keeps WEIGHT_ROLES order.
import { WEIGHT_ROLES } from '../fused/weight-roles.js';
import type { ShardBuffers, WorkerData } from '../parallel/protocol.js';
import { KernelGradients } from './kernel-gradients.js';
import type { KernelShape } from './kernel-layout.js';
import type { KernelExports } from './kernel-module.js';

/** Segments [start in trainable order, start in role order, length] for permuting flat weights. */
export type Permutation = [trainableStart: number, roleStart: number, size: number][];

/** How the trainable order maps onto WEIGHT_ROLES order, from each variable's role and size. */
export function rolePermutation(variables: { role: string; size: number }[]): Permutation {
  const roleStarts = new Map<string, number>();
  let offset = 0;
  for (const role of WEIGHT_ROLES) {
    const variable = variables.find((v) => v.role === role);
    if (!variable) throw new Error(`the model has no ${role} weight`);
    roleStarts.set(role, offset);
    offset += variable.size;
  }
  let trainableStart = 0;
  return variables.map(({ role, size }) => {
    const segment: [number, number, number] = [trainableStart, roleStarts.get(role)!, size];
    trainableStart += size;
    return segment;
  });
}

/** The kernel's shape from the worker's description of the model. */
export function kernelShapeOf(shape: WorkerData['shape']): KernelShape {
  return {
    questionLength: shape.questionLength,
    vocabularySize: shape.vocabularySize,
    answerLength: shape.answerLength,
    outputSize: shape.outputSize,
    encoderUnits: shape.encoder.units,
    decoderUnits: shape.decoder.units,
  };
}

/**
 * Starts a kernel for this thread on `instance` (a fresh instance of the kernel module); returns
 * the shard computation, with the same contract in Node.js worker threads and Web Workers.
 */
export function startKernelShardGradients(data: Pick<WorkerData, 'shape' | 'microBatchSize'>, instance: KernelExports): (buffers: ShardBuffers, shard: number) => void {
  const { shape } = data;
  const kernel = new KernelGradients(kernelShapeOf(shape), data.microBatchSize, instance);
  const permutation = rolePermutation(shape.variables.map((v) => ({ role: v.role, size: v.shape.reduce((a, b) => a * b, 1) })));
  const rowIn = shape.questionLength * shape.vocabularySize;
  const rowOut = shape.answerLength * shape.outputSize;
  return (buffers, shard) => {
    const weights = new Float32Array(buffers.weights);
    const kernelWeights = kernel.weights();
    for (const [from, to, size] of permutation) kernelWeights.set(weights.subarray(from, from + size), to);
    const loss = kernel.compute(new Float32Array(buffers.inputs, 0, shard * rowIn), new Float32Array(buffers.targets, 0, shard * rowOut), shard, data.microBatchSize);
    const gradients = new Float32Array(buffers.gradients);
    const kernelGradients = kernel.gradients();
    for (const [to, from, size] of permutation) gradients.set(kernelGradients.subarray(from, from + size), to);
    gradients[kernel.parameters] = loss;
    new Int32Array(buffers.predicted, 0, shard * shape.answerLength).set(kernel.predicted(shard));
  };
}
