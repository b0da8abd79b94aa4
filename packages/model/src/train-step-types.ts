import type * as tf from '@tensorflow/tfjs';
import type { Implementation } from './architecture.js';

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

/**
 * The same training step on typed arrays, where the WebAssembly kernel runs it with tfjs's Adam:
 * no tensor is made and no tfjs operation runs. The step keeps the weights and Adam's state
 * itself; `sync()` hands them to the model's variables and the optimizer.
 */
export interface ArrayTrainStep {
  /**
   * One step on a batch of `batchSize` one-hot `inputs` and `targets` (flat, example-major, as
   * the dataset's batches hold them) at `learningRate`: the mean loss before the update (a
   * float32 value) and the argmax predictions `[batchSize, answer steps]`, valid until the next step.
   * A step split over worker threads calls `whileWorkersRun` once while they compute (this
   * thread would wait otherwise): a place to draw the next batch. A step on one thread does not
   * call it. If it throws, the step ends there, with the weights as they were.
   */
  step(inputs: Float32Array, targets: Float32Array, batchSize: number, learningRate: number, whileWorkersRun?: () => void): { loss: number; predicted: Int32Array };
  /** Writes the weights and Adam's state to the model and the optimizer; call it before anything reads them. */
  sync(): void;
  /**
   * The forward pass alone, on this thread, with the weights as the steps left them (no `sync`
   * needed): the mean loss over examples and answer steps and the argmax predictions `[batchSize,
   * answer steps]` (valid until the next call or step). Nothing is learned. Validation runs here.
   */
  evaluate?(
    inputs: Float32Array,
    targets: Float32Array,
    batchSize: number,
  ): {
    /** Mean cross-entropy over examples and answer steps (a float32 value). */
    loss: number;
    /** Argmax predictions `[batchSize, answer steps]`. */
    predicted: Int32Array;
  };
}

/** One optimisation step on a batch of one-hot inputs and targets; the caller disposes the result. */
export type TrainStep = ((inputs: tf.Tensor3D, targets: tf.Tensor3D) => TrainStepResult) & {
  /** The implementation that computes the step (after any fallback). */
  readonly implementation?: Implementation;
  /** Why the asked-for implementation was replaced, e.g. the kernel could not load here. */
  readonly fallbackReason?: string;
  /** The step on typed arrays, where the kernel computes it with tfjs's Adam (see ArrayTrainStep). */
  readonly arrays?: ArrayTrainStep;
};
