import { Codec, InvalidArgumentError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import type { EncodedBatch, Example } from './example.js';

/** @throws InvalidArgumentError unless `examples` is an array of objects. */
export function checkExamples(examples: unknown): readonly Example[] {
  if (!Array.isArray(examples)) {
    throw new InvalidArgumentError(`examples must be an array of { question, answer }, got ${describeValue(examples)}`);
  }
  examples.forEach((example: unknown, index) => {
    if (typeof example !== 'object' || example === null) {
      throw new InvalidArgumentError(`examples[${index}] must be an object { question, answer }, got ${describeValue(example)}`);
    }
  });
  return examples as readonly Example[];
}

/**
 * Encodes examples for `codec` into one batch: one-hot questions and answers, and the answers'
 * vocabulary indices. Reuses each of `into`'s buffers that has the right length.
 * @throws InvalidQuestionError or InvalidAnswerError naming the first example the task cannot hold.
 */
export function encodeExamples(codec: Codec, examples: readonly Example[], into?: EncodedBatch): EncodedBatch {
  if (!Codec.isInstance(codec)) {
    throw new InvalidArgumentError(`codec must be a Codec, got ${describeValue(codec)}`);
  }
  checkExamples(examples);
  const size = examples.length;
  const questions = examples.map((example) => example.question);
  const answers = examples.map((example) => example.answer);
  const inputShape: [number, number, number] = [size, codec.questionLength, codec.vocabularySize];
  const targetShape: [number, number, number] = [size, codec.answerLength, codec.vocabularySize];
  const reused: Partial<EncodedBatch> = typeof into === 'object' && into !== null ? into : {};
  const inputs = codec.oneHotQuestions(questions, reusable(reused.inputs, Float32Array, size * inputShape[1] * inputShape[2]));
  const targets = codec.oneHotAnswers(answers, reusable(reused.targets, Float32Array, size * targetShape[1] * targetShape[2]));
  const answerIndices = codec.encodeAnswers(answers, reusable(reused.answerIndices, Int32Array, size * codec.answerLength));
  return { size, questions, answers, inputs, inputShape, targets, targetShape, answerIndices };
}

/** `buffer` when it is a `kind` of exactly `length` values, else undefined (the codec then allocates). */
export function reusable<T extends Float32Array | Int32Array>(buffer: unknown, kind: new (length: number) => T, length: number): T | undefined {
  return buffer instanceof kind && buffer.length === length ? buffer : undefined;
}
