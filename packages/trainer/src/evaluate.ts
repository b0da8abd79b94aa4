import * as tf from '@tensorflow/tfjs';
import { Codec } from '@addrnn/codec';
import { checkBatchSize, encodeWithLayout, type EncodedBatch, type Example } from '@addrnn/dataset';
import { crossEntropyFromLogits, getMetadata, modelFamily, modelLogits } from '@addrnn/model';
import { accuracies, countMatches, emptyCounts } from './answer-accuracy.js';
import type { Metrics, Sample } from './epoch-log.js';

/** Options of `evaluate(model, examples, options)`. */
export interface EvaluateOptions {
  /** Examples predicted at once. @default 256 */
  batchSize?: number;
}

/** A question the model answered wrongly. */
export interface EvaluationError {
  /** The question. */
  question: string;
  /** Its exact answer. */
  expected: string;
  /** The model's answer, as decoded. */
  predicted: string;
}

/** What `evaluate` returns: loss and accuracies over the examples, and every wrong answer. */
export interface Evaluation extends Metrics {
  /** Every example the model answered wrongly, in the examples' order. */
  errors: EvaluationError[];
}

/**
 * Loss, per-character and exact-match accuracy of `model` on `examples`, and the questions it
 * got wrong. The codec defaults to the one in the model's metadata.
 */
export function evaluate(
  model: tf.LayersModel,
  examples: readonly Example[],
  options?: EvaluateOptions,
): Evaluation;
export function evaluate(
  model: tf.LayersModel,
  codec: Codec,
  examples: readonly Example[],
  options?: EvaluateOptions,
): Evaluation;
export function evaluate(
  model: tf.LayersModel,
  codecOrExamples: Codec | readonly Example[],
  examplesOrOptions?: readonly Example[] | EvaluateOptions,
  maybeOptions?: EvaluateOptions,
): Evaluation {
  const [codec, examples, options] = Array.isArray(codecOrExamples)
    ? [Codec.fromConfig(getMetadata(model).codec), codecOrExamples as readonly Example[], examplesOrOptions as EvaluateOptions | undefined]
    : [codecOrExamples as Codec, examplesOrOptions as readonly Example[], maybeOptions];
  const { metrics, predictions } = predictExamples(model, codec, examples, options?.batchSize ?? 256);
  const errors = predictions
    .filter((prediction) => !prediction.correct)
    .map(({ question, expected, predicted }) => ({ question, expected, predicted }));
  return { ...metrics, errors };
}

/**
 * A forward pass on a batch's arrays, as the kernel's array step offers it (`TrainStep.arrays.evaluate`):
 * the mean loss over examples and answer steps, and the argmax predictions `[batch, answer steps]`.
 */
export type ForwardPass = (inputs: Float32Array, targets: Float32Array, batchSize: number) => { loss: number; predicted: Int32Array };

/**
 * Every example's prediction, with the metrics over all of them: from `forward` where given (the
 * training step's kernel, with the weights it holds), else from the tfjs model.
 */
export function predictExamples(
  model: tf.LayersModel,
  codec: Codec,
  examples: readonly Example[],
  batchSize: number,
  forward?: ForwardPass,
): { metrics: Metrics; predictions: Sample[] } {
  checkBatchSize(batchSize);
  // The family's layout encodes the examples and reads the answers back.
  const layout = modelFamily(getMetadata(model).architecture.family).layout(codec);
  const counts = emptyCounts();
  const predictions: Sample[] = [];
  let lossSum = 0;
  for (let start = 0; start < examples.length; start += batchSize) {
    const slice = examples.slice(start, start + batchSize);
    const batch: EncodedBatch = encodeWithLayout(layout, slice);
    // Answers are as long as the layout makes them (aligned: the batch's longest question + 1).
    const answerLength = batch.targetShape[1];
    const expected = batch.answerIndices;
    let predictedIndices: Int32Array;
    if (forward) {
      const result = forward(batch.inputs, batch.targets, batch.size);
      predictedIndices = result.predicted;
      lossSum += result.loss * batch.size * answerLength;
    } else {
      const [batchLoss, predicted] = tf.tidy(() => {
        const inputs = tf.tensor3d(batch.inputs, batch.inputShape);
        const targets = tf.tensor3d(batch.targets, batch.targetShape);
        // The training loss (exact log-softmax cross-entropy, see @addrnn/model's loss), summed.
        const logits = modelLogits(model, inputs);
        return [tf.mul(crossEntropyFromLogits(targets, logits), batch.size * answerLength), tf.argMax(logits, -1)];
      });
      predictedIndices = predicted.dataSync() as Int32Array;
      lossSum += batchLoss.dataSync()[0] ?? Number.NaN;
      tf.dispose([batchLoss, predicted]);
    }
    countMatches(counts, predictedIndices, expected, answerLength);
    for (let item = 0; item < batch.size; item += 1) {
      const indices = predictedIndices.subarray(item * answerLength, (item + 1) * answerLength);
      let correct = true;
      for (let position = 0; position < answerLength; position += 1) {
        if (indices[position] !== expected[item * answerLength + position]) correct = false;
      }
      predictions.push({
        question: batch.questions[item]!,
        expected: batch.answers[item]!,
        predicted: layout.answerText(indices),
        correct,
      });
    }
  }
  const positions = counts.positions ?? 0;
  const loss = positions === 0 ? 0 : lossSum / positions;
  return { metrics: { loss, ...accuracies(counts, codec.answerLength) }, predictions };
}
