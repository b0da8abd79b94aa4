import * as tf from '@tensorflow/tfjs';
import type { Implementation } from './architecture.js';
import { crossEntropyFromLogits, modelLogits } from './loss.js';
import type { TrainStep } from './train-step-types.js';

/** Attaches what runs, and why it replaced what was asked for, to a step. */
export function describeStep<T extends TrainStep>(step: T, implementation: Implementation, fallbackReason?: string): T {
  Object.defineProperty(step, 'implementation', { value: implementation, enumerable: true });
  if (fallbackReason !== undefined) Object.defineProperty(step, 'fallbackReason', { value: fallbackReason, enumerable: true });
  return step;
}

function clipByGlobalNorm(gradients: tf.Tensor[], clipNorm: number): tf.Tensor[] {
  const norm = tf.sqrt(tf.addN(gradients.map((gradient) => tf.sum(tf.square(gradient)))));
  const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  return gradients.map((gradient) => tf.mul(gradient, scale));
}

/** The 'layers' step of every family: autodiff of the tfjs-layers graph, whatever its shape. */
export function createLayersTrainStep(model: tf.LayersModel, optimizer: tf.Optimizer, clipNorm: number | undefined): TrainStep {
  const variables = model.trainableWeights.map((weight) => (weight as unknown as { val: tf.Variable }).val);
  return (inputs, targets) => {
    let predicted: tf.Tensor2D | undefined;
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        // The loss of every implementation (loss.ts): exact log-softmax of the pre-activations.
        const logits = modelLogits(model, inputs, true);
        predicted = tf.keep(tf.argMax(logits, -1).toInt() as tf.Tensor2D);
        return crossEntropyFromLogits(targets, logits);
      }, variables);
      let list = variables.map((variable) => grads[variable.name]!);
      if (clipNorm !== undefined) list = clipByGlobalNorm(list, clipNorm);
      optimizer.applyGradients(variables.map((variable, i) => ({ name: variable.name, tensor: list[i]! })));
      return value;
    });
    return { loss, predicted: predicted! };
  };
}
