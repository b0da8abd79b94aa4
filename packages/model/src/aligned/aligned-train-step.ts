import * as tf from '@tensorflow/tfjs';
import { ALIGNED_INPUT_SIZE, ALIGNED_OUTPUT_SIZE, InvalidOptionError } from '@addrnn/codec';
import { clipGradients, KernelUnsupportedError, type KernelTrainStep } from '../kernel/kernel-train-step.js';
import { instantiateKernel } from '../kernel/kernel-module.js';
import { KernelOptimizer } from '../kernel/kernel-optimizer.js';
import { AlignedGradients } from './aligned-gradients.js';
import { alignedVariables } from './aligned-model.js';

/**
 * The aligned model's training step in the WebAssembly SIMD kernel, on this thread: batches of
 * any number of columns ([batch, steps, 20] inputs, [batch, steps, 10] one-hot targets).
 * Throws KernelUnsupportedError where the kernel cannot be compiled or the model is not one.
 */
export function createAlignedKernelTrainStep(model: tf.LayersModel, options: { optimizer: tf.Optimizer; clipNorm?: number }): KernelTrainStep {
  const { optimizer, clipNorm } = options;
  const variables = alignedVariables(model);
  if (variables === undefined) throw new KernelUnsupportedError('it is not an aligned model of one LSTM and a Dense output');
  const trainable = (model.trainableWeights as unknown as { read(): tf.Tensor }[]).map((w) => w.read() as tf.Variable);
  const units = variables[1]!.shape[0]!;
  let kernel: AlignedGradients;
  try {
    kernel = new AlignedGradients({ inputSize: ALIGNED_INPUT_SIZE, units, outputSize: ALIGNED_OUTPUT_SIZE }, instantiateKernel());
  } catch (error) {
    throw new KernelUnsupportedError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const updates = new KernelOptimizer({ variables, trainableIndex: trainable.map((v) => variables.indexOf(v)), spec: { trainable } }, optimizer);
  const step = ((inputs: tf.Tensor3D, targets: tf.Tensor3D) => {
    const [batch, steps] = inputs.shape;
    const wanted = [batch, steps, ALIGNED_OUTPUT_SIZE];
    if (batch < 1 || steps < 1 || inputs.shape[2] !== ALIGNED_INPUT_SIZE || targets.shape.join() !== wanted.join()) {
      throw new InvalidOptionError(
        `an aligned training batch needs inputs [batch, steps, ${ALIGNED_INPUT_SIZE}] and targets [batch, steps, ${ALIGNED_OUTPUT_SIZE}] of the same batch and steps, got [${inputs.shape.join(', ')}] and [${targets.shape.join(', ')}]`,
      );
    }
    updates.syncWeights(kernel);
    const loss = kernel.compute(inputs.dataSync() as Float32Array, targets.dataSync() as Float32Array, batch, steps);
    clipGradients(kernel, clipNorm);
    const predicted = tf.tensor2d(kernel.predicted(batch, steps).slice(), [batch, steps], 'int32');
    updates.apply(kernel);
    return { loss: tf.scalar(loss), predicted };
  }) as KernelTrainStep;
  step.kernelMemoryBytes = () => kernel.memoryBytes();
  return step;
}
