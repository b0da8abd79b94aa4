import { ALIGNED_INPUT_SIZE, ALIGNED_OUTPUT_SIZE, AlignedLayout } from '@addrnn/codec';
import { checkExamples, reusable } from './encode-examples.js';
import type { EncodedBatch, Example } from './example.js';

/**
 * Encodes addition examples in the column-aligned layout (see `AlignedLayout` in
 * `@addrnn/codec`): inputs `[size, steps, 20]`, one-hot targets `[size, steps, 10]` and the
 * answers' digits `[size, steps]`, least significant first, where `steps` is the batch's
 * longest operand + 1. Reuses each of `into`'s buffers that has the right length.
 * @throws InvalidQuestionError or InvalidAnswerError naming the first example the layout cannot hold.
 */
export function encodeAlignedExamples(examples: readonly Example[], into?: EncodedBatch): EncodedBatch {
  checkExamples(examples);
  const size = examples.length;
  const questions = examples.map((example) => example.question);
  const answers = examples.map((example) => example.answer);
  const steps = AlignedLayout.steps(questions);
  const inputShape: [number, number, number] = [size, steps, ALIGNED_INPUT_SIZE];
  const targetShape: [number, number, number] = [size, steps, ALIGNED_OUTPUT_SIZE];
  const reused: Partial<EncodedBatch> = typeof into === 'object' && into !== null ? into : {};
  const inputs = AlignedLayout.encodeQuestions(questions, steps, reusable(reused.inputs, Float32Array, size * steps * ALIGNED_INPUT_SIZE));
  const targets = AlignedLayout.oneHotAnswers(answers, steps, reusable(reused.targets, Float32Array, size * steps * ALIGNED_OUTPUT_SIZE));
  const answerIndices = AlignedLayout.encodeAnswers(answers, steps, reusable(reused.answerIndices, Int32Array, size * steps));
  return { size, questions, answers, inputs, inputShape, targets, targetShape, answerIndices };
}
