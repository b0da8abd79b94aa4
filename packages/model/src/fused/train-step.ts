import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@addrnn/codec';
import { clipByGlobalNorm, computeFusedGradients } from './gradients.js';
import { readFusedModelSpec, type FusedModelSpec } from './model-spec.js';
import { checkClipNorm } from '../check-limits.js';

export interface FusedTrainStepOptions {
  /** The caller owns it (learning-rate schedule, slots). */
  optimizer: tf.Optimizer;
  /** Clip the gradients by their global norm. */
  clipNorm?: number;
}

export interface FusedTrainStepResult {
  /** Mean categorical cross-entropy over batch and answer positions, before the update. */
  loss: tf.Scalar;
  /** Argmax indices [batch, answerLength], int32, before the update. */
  predicted: tf.Tensor2D;
}

export type FusedTrainStep = (inputs: tf.Tensor3D, targets: tf.Tensor3D) => FusedTrainStepResult;

/** Throws InvalidArgumentError unless `inputs` and `targets` are a batch of the shapes `spec` computes. */
export function checkFusedBatch(spec: FusedModelSpec, inputs: tf.Tensor3D, targets: tf.Tensor3D): void {
  const [batch, questionLength, vocabularySize] = inputs.shape;
  if (questionLength !== spec.questionLength || vocabularySize !== spec.vocabularySize) {
    throw new InvalidArgumentError(`inputs must be [batch, ${spec.questionLength}, ${spec.vocabularySize}], got [${inputs.shape.join(', ')}]`);
  }
  if (targets.shape[0] !== batch || targets.shape[1] !== spec.answerLength || targets.shape[2] !== spec.outputSize) {
    throw new InvalidArgumentError(`targets must be [${batch}, ${spec.answerLength}, ${spec.outputSize}], got [${targets.shape.join(', ')}]`);
  }
}

/**
 * A training step that computes the stock model's loss and gradients with fused products and
 * hand-written back-propagation through time, then lets `optimizer` update the model's own
 * variables. Throws FusedUnsupportedError for models other than LSTM -> RepeatVector -> LSTM ->
 * TimeDistributed(Dense softmax) with one layer each.
 */
export function createFusedTrainStep(model: tf.LayersModel, options: FusedTrainStepOptions): FusedTrainStep {
  const spec = readFusedModelSpec(model);
  const { optimizer, clipNorm } = options;
  if (clipNorm !== undefined) checkClipNorm(clipNorm);
  return (inputs, targets) => {
    checkFusedBatch(spec, inputs, targets);
    const { loss, predicted, grads } = tf.tidy(() => {
      const result = computeFusedGradients(spec, inputs, targets);
      const grads = clipNorm === undefined ? result.grads : clipByGlobalNorm(result.grads, clipNorm);
      return { loss: result.loss, predicted: result.predicted, grads };
    });
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose(grads);
    return { loss, predicted };
  };
}
