import { Codec, InvalidArgumentError, InvalidOptionError, sequenceLayout, type ExampleLayout } from '@addrnn/codec';
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
  return encodeWithLayout(sequenceLayout(codec), examples, into);
}

/**
 * Encodes examples into one batch in a model family's layout (`sequenceLayout(codec)`,
 * `alignedExampleLayout`, see `ExampleLayout` in `@addrnn/codec`): inputs, one-hot targets and
 * the answers' classes, shaped as the layout says for these questions. Reuses each of `into`'s
 * buffers that has the right length.
 * @throws InvalidQuestionError or InvalidAnswerError naming the first example the layout cannot hold.
 */
export function encodeWithLayout(layout: ExampleLayout, examples: readonly Example[], into?: EncodedBatch): EncodedBatch {
  checkExamples(examples);
  const size = examples.length;
  const questions = examples.map((example) => example.question);
  const answers = examples.map((example) => example.answer);
  const { inputSteps, inputSize, answerSteps, answerSize } = layout.shape(questions);
  const inputShape: [number, number, number] = [size, inputSteps, inputSize];
  const targetShape: [number, number, number] = [size, answerSteps, answerSize];
  const reused: Partial<EncodedBatch> = typeof into === 'object' && into !== null ? into : {};
  const inputs = layout.encodeQuestions(questions, inputSteps, reusable(reused.inputs, Float32Array, size * inputSteps * inputSize), answers);
  const targets = layout.oneHotAnswers(answers, answerSteps, reusable(reused.targets, Float32Array, size * answerSteps * answerSize), questions);
  const answerIndices = layout.encodeAnswers(answers, answerSteps, reusable(reused.answerIndices, Int32Array, size * answerSteps), questions);
  return { size, questions, answers, inputs, inputShape, targets, targetShape, answerIndices };
}

const LAYOUT_METHODS = ['shape', 'encodeQuestions', 'oneHotAnswers', 'encodeAnswers'] as const;

/** `layout` when it is an ExampleLayout that lays out every operator of `codec`. */
export function checkLayout(layout: unknown, codec: Codec): ExampleLayout {
  const candidate = layout as Partial<ExampleLayout> | null;
  if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.operators) || LAYOUT_METHODS.some((method) => typeof candidate[method] !== 'function')) {
    throw new InvalidOptionError(`layout must be an ExampleLayout (sequenceLayout(codec) or alignedExampleLayout from @addrnn/codec, or a model family's layout), got ${describeValue(layout)}`);
  }
  const { name, operators } = candidate as ExampleLayout;
  if (codec.operators.some((operator) => !operators.includes(operator))) {
    throw new InvalidOptionError(`the ${String(name)} layout lays out operators ${JSON.stringify(operators)} only: the dataset's codec must have operators among them, got ${describeValue(codec.operators)}`);
  }
  return candidate as ExampleLayout;
}

/** `buffer` when it is a `kind` of exactly `length` values, else undefined (the codec then allocates). */
function reusable<T extends Float32Array | Int32Array>(buffer: unknown, kind: new (length: number) => T, length: number): T | undefined {
  return buffer instanceof kind && buffer.length === length ? buffer : undefined;
}
