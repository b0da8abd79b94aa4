import * as tf from '@tensorflow/tfjs';
import { ALIGNED_INPUT_SIZE, ALIGNED_OUTPUT_SIZE, InvalidOptionError } from '@addrnn/codec';
import { kernelTrainStep, KernelUnsupportedError, newKernelInstance, type KernelTrainStep } from '../kernel/kernel-train-step.js';
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
  const kernel = newKernelInstance((exports) => new AlignedGradients({ inputSize: ALIGNED_INPUT_SIZE, units, outputSize: ALIGNED_OUTPUT_SIZE }, exports));
  const updates = new KernelOptimizer({ variables, trainableIndex: trainable.map((v) => variables.indexOf(v)), spec: { trainable } }, optimizer);
  return kernelTrainStep(kernel, updates, clipNorm, (inputs, targets) => {
    const [batch, steps] = inputs.shape;
    const wanted = [batch, steps, ALIGNED_OUTPUT_SIZE];
    if (batch < 1 || steps < 1 || inputs.shape[2] !== ALIGNED_INPUT_SIZE || targets.shape.join() !== wanted.join()) {
      throw new InvalidOptionError(
        `an aligned training batch needs inputs [batch, steps, ${ALIGNED_INPUT_SIZE}] and targets [batch, steps, ${ALIGNED_OUTPUT_SIZE}] of the same batch and steps, got [${inputs.shape.join(', ')}] and [${targets.shape.join(', ')}]`,
      );
    }
    return () => {
      const loss = kernel.compute(inputs.dataSync() as Float32Array, targets.dataSync() as Float32Array, batch, steps);
      return { loss, predicted: kernel.predicted(batch, steps), shape: [batch, steps] };
    };
  });
}
