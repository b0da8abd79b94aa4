import type * as tf from '@tensorflow/tfjs';
import type { Implementation } from './metadata.js';

/** Options of `createTrainStep(model, options)`. */
export interface TrainStepOptions {
  /** The trainer owns it (learning-rate schedule, state). */
  optimizer: tf.Optimizer;
  /** Clip gradients by their global norm. @default no clipping */
  clipNorm?: number;
  /** @default the model's metadata `architecture.implementation` */
  implementation?: Implementation;
}

/** What one call of a `TrainStep` returns; the caller disposes both tensors. */
export interface TrainStepResult {
  /** Mean categorical cross-entropy over batch and answer positions, before the update. */
  loss: tf.Scalar;
  /** Argmax indices `[batch, answerLength]`, int32, before the update. */
  predicted: tf.Tensor2D;
}

/** One optimisation step on a batch of one-hot inputs and targets; the caller disposes the result. */
export type TrainStep = ((inputs: tf.Tensor3D, targets: tf.Tensor3D) => TrainStepResult) & {
  /** The implementation that computes the step (after any fallback). */
  readonly implementation?: Implementation;
  /** Why the asked-for implementation was replaced, e.g. the kernel could not load here. */
  readonly fallbackReason?: string;
};
