import type * as tf from '@tensorflow/tfjs';
import { createKernelTrainStep, type KernelTrainStep } from '../kernel-adapter/kernel-train-step.js';
import { KernelUnsupportedError } from '../kernel/kernel-errors.js';
import { alignedVariables } from './aligned-model.js';

/**
 * The aligned model's training step in the WebAssembly SIMD kernel, on this thread: batches of
 * any number of columns ([batch, steps, 20] inputs, [batch, steps, 10] one-hot targets), with
 * the kernel's one host and parameter layout. Throws KernelUnsupportedError where the kernel
 * cannot be compiled or the model is not an aligned one.
 */
export function createAlignedKernelTrainStep(model: tf.LayersModel, options: { optimizer: tf.Optimizer; clipNorm?: number }): KernelTrainStep {
  if (alignedVariables(model) === undefined) throw new KernelUnsupportedError('it is not an aligned model of one LSTM and a Dense output');
  return createKernelTrainStep(model, options);
}
