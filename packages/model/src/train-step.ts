import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { createFusedTrainStep } from './fused/index.js';
import { getMetadata, type Implementation } from './metadata.js';

export interface TrainStepOptions {
  /** The trainer owns it (learning-rate schedule, state). */
  optimizer: tf.Optimizer;
  /** Clip gradients by their global norm. @default no clipping */
  clipNorm?: number;
  /** @default the model's metadata `architecture.implementation` */
  implementation?: Implementation;
}

export interface TrainStepResult {
  /** Mean categorical cross-entropy over batch and answer positions, before the update. */
  loss: tf.Scalar;
  /** Argmax indices `[batch, answerLength]`, int32, before the update. */
  predicted: tf.Tensor2D;
}

/** One optimisation step on a batch of one-hot inputs and targets; the caller disposes the result. */
export type TrainStep = (inputs: tf.Tensor3D, targets: tf.Tensor3D) => TrainStepResult;

function clipByGlobalNorm(gradients: tf.Tensor[], clipNorm: number): tf.Tensor[] {
  const norm = tf.sqrt(tf.addN(gradients.map((gradient) => tf.sum(tf.square(gradient)))));
  const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  return gradients.map((gradient) => tf.mul(gradient, scale));
}

function createLayersTrainStep(model: tf.LayersModel, optimizer: tf.Optimizer, clipNorm: number | undefined): TrainStep {
  const variables = model.trainableWeights.map((weight) => (weight as unknown as { val: tf.Variable }).val);
  return (inputs, targets) => {
    let predicted: tf.Tensor2D | undefined;
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const probabilities = model.apply(inputs, { training: true }) as tf.Tensor3D;
        predicted = tf.keep(tf.argMax(probabilities, -1).toInt() as tf.Tensor2D);
        return tf.mean(tf.metrics.categoricalCrossentropy(targets, probabilities)) as tf.Scalar;
      }, variables);
      let list = variables.map((variable) => grads[variable.name]!);
      if (clipNorm !== undefined) list = clipByGlobalNorm(list, clipNorm);
      optimizer.applyGradients(variables.map((variable, i) => ({ name: variable.name, tensor: list[i]! })));
      return value;
    });
    return { loss, predicted: predicted! };
  };
}

/**
 * A training step for a model made by `createModel`. `fused` computes the same loss and
 * gradients as stock tfjs-layers with far fewer, larger operations (see `fused/`); `layers`
 * differentiates the layers graph. Both update the model's own variables.
 */
export function createTrainStep(model: tf.LayersModel, options: TrainStepOptions): TrainStep {
  const { optimizer, clipNorm } = options;
  if (clipNorm !== undefined && !(typeof clipNorm === 'number' && clipNorm > 0 && Number.isFinite(clipNorm))) {
    throw new InvalidOptionError(`clipNorm must be a positive number, got ${String(clipNorm)}`);
  }
  const implementation = options.implementation ?? getMetadata(model).architecture.implementation;
  if (implementation === 'fused') return createFusedTrainStep(model, { optimizer, ...(clipNorm === undefined ? {} : { clipNorm }) });
  if (implementation === 'layers') return createLayersTrainStep(model, optimizer, clipNorm);
  throw new InvalidOptionError(`implementation must be "fused" or "layers", got ${JSON.stringify(implementation)}`);
}
