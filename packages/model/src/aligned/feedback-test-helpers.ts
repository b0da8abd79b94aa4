// A reference for tests of the signed layout with feedback: the model run through tfjs one step
// at a time, each step given what the step before wrote, as a decoder is run token by token.
import * as tf from '@tensorflow/tfjs';
import { SIGNED_FEEDBACK_INPUT_SIZE, SIGNED_OUTPUT_SIZE, SignedFeedbackLayout } from '@addrnn/codec';
import { modelLogits } from '../loss.js';

/**
 * Probabilities `[count, steps, 12]` of a signed model with feedback, computed step by step
 * through tfjs (`modelLogits`): after step `s` of an example, the argmax of its output among the
 * pass's classes (signs in the first pass, digits in the second) is laid out one-hot at input 24
 * of step `s + 1` (none at a pass's first step), and at the first pass's end the sign goes into
 * the second pass. One full run per step: for short test questions only.
 */
export function stepByStepProbabilities(model: tf.LayersModel, questions: readonly string[]): { probabilities: Float32Array; steps: number; inputs: Float32Array } {
  const steps = SignedFeedbackLayout.steps(questions);
  const columns = steps / 2;
  const count = questions.length;
  const inputs = SignedFeedbackLayout.encodeQuestions(questions, steps);
  let probabilities: Float32Array = new Float32Array(0);
  for (let step = 0; step < steps; step += 1) {
    probabilities = tf.tidy(() => tf.softmax(modelLogits(model, tf.tensor3d(inputs, [count, steps, SIGNED_FEEDBACK_INPUT_SIZE]))).dataSync() as Float32Array);
    for (let item = 0; item < count; item += 1) {
      if (step === columns - 1) SignedFeedbackLayout.writeSign(inputs, item, steps, SignedFeedbackLayout.readSign(probabilities, item, steps));
      if (step + 1 === steps || (step + 1) % columns === 0) continue;
      const [from, to] = step < columns ? [10, 12] : [0, 10];
      const at = (item * steps + step) * SIGNED_OUTPUT_SIZE;
      let best = from;
      for (let c = from + 1; c < to; c += 1) if (probabilities[at + c]! > probabilities[at + best]!) best = c;
      inputs[(item * steps + step + 1) * SIGNED_FEEDBACK_INPUT_SIZE + 24 + best] = 1;
    }
  }
  return { probabilities, steps, inputs };
}
