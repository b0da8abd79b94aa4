import { ALIGNED_INPUT_SIZE, ALIGNED_OPERATORS, ALIGNED_OUTPUT_SIZE, AlignedLayout } from './aligned-layout.js';
import { Codec } from './codec.js';
import { PRODUCT_INPUT_SIZE, PRODUCT_OPERATORS, PRODUCT_OUTPUT_SIZE, ProductLayout } from './product-layout.js';
import { SIGNED_OUTPUT_SIZE, SignedFeedbackLayout, SignedLayout } from './signed-layout.js';
import { SIGNED_OPERATORS } from './signed-question.js';
import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';
import type { Operator } from './tasks/registry.js';

/** The shape of one example of a batch: time steps and values per step, of its inputs and of its answer. */
export interface ExampleShape {
  /** Input time steps per example: the padded question's characters (`questionLength`), or the aligned family's digit columns. */
  inputSteps: number;
  /** Values per input step: a one-hot character (`vocabularySize`), or the aligned family's two one-hot digits (20). */
  inputSize: number;
  /** Answer classes per example (one per step). */
  answerSteps: number;
  /** Values per answer step: the classes one step chooses from (the vocabulary, or the 10 digits). */
  answerSize: number;
}

/**
 * How a model family lays questions and answers out as arrays: the dataset encodes its batches
 * through one and the trainer reads predicted answers back through it, so that neither needs to
 * know which family it serves. `sequenceLayout(codec)` is the encoder-decoder's (whole
 * questions, one character per step); `alignedExampleLayout` the aligned family's (one digit
 * column per step, any length).
 */
export interface ExampleLayout {
  /** Its name, for messages. */
  readonly name: string;
  /** The operators it can lay out; a dataset whose codec has another refuses it. */
  readonly operators: readonly Operator[];
  /** The shape of each example in a batch of these questions. @throws InvalidQuestionError where it depends on them */
  shape(questions: readonly string[]): ExampleShape;
  /**
   * `[count, inputSteps, inputSize]` float32 inputs, into `out` when given. A layout whose inputs
   * hold part of the answer (the signed layout's second pass is given the sign, as a decoder is
   * given its previous output) lays it out from `answers` when given (training, evaluation).
   */
  encodeQuestions(questions: readonly string[], steps: number, out?: Float32Array, answers?: readonly string[]): Float32Array;
  /** `[count, answerSteps, answerSize]` float32 one-hot targets, into `out` when given; `questions` for a layout whose targets depend on them (the signed layout's). */
  oneHotAnswers(answers: readonly string[], steps: number, out?: Float32Array, questions?: readonly string[]): Float32Array;
  /** `[count, answerSteps]` int32 answer classes, into `out` when given; `questions` as for {@link oneHotAnswers}. */
  encodeAnswers(answers: readonly string[], steps: number, out?: Int32Array, questions?: readonly string[]): Int32Array;
  /** The answer as a person reads it, from one example's `answerSteps` classes. */
  answerText(classes: ArrayLike<number>): string;
}

/**
 * The encoder-decoder's layout for `codec`: `[questionLength, vocabulary]` one-hot questions
 * in, `[answerLength, vocabulary]` one-hot answers out, for every operator of the codec.
 * @throws InvalidArgumentError unless `codec` is a Codec.
 */
export function sequenceLayout(codec: Codec): ExampleLayout {
  if (!Codec.isInstance(codec)) throw new InvalidArgumentError(`codec must be a Codec, got ${describeValue(codec)}`);
  return Object.freeze({
    name: 'sequence',
    operators: codec.operators,
    shape: () => ({ inputSteps: codec.questionLength, inputSize: codec.vocabularySize, answerSteps: codec.answerLength, answerSize: codec.vocabularySize }),
    encodeQuestions: (questions: readonly string[], _steps: number, out?: Float32Array) => codec.oneHotQuestions(questions, out),
    oneHotAnswers: (answers: readonly string[], _steps: number, out?: Float32Array) => codec.oneHotAnswers(answers, out),
    encodeAnswers: (answers: readonly string[], _steps: number, out?: Int32Array) => codec.encodeAnswers(answers, out),
    answerText: (classes: ArrayLike<number>) => codec.decodeAnswer(classes),
  });
}

/**
 * The aligned family's layout (see {@link AlignedLayout}): a batch has as many steps as its
 * longest operand + 1, each a column of two one-hot digits in and one digit out.
 */
export const alignedExampleLayout: ExampleLayout = Object.freeze({
  name: 'aligned',
  operators: ALIGNED_OPERATORS,
  shape(questions: readonly string[]): ExampleShape {
    const steps = AlignedLayout.steps(questions);
    return { inputSteps: steps, inputSize: ALIGNED_INPUT_SIZE, answerSteps: steps, answerSize: ALIGNED_OUTPUT_SIZE };
  },
  encodeQuestions: (questions: readonly string[], steps: number, out?: Float32Array) => AlignedLayout.encodeQuestions(questions, steps, out),
  oneHotAnswers: (answers: readonly string[], steps: number, out?: Float32Array) => AlignedLayout.oneHotAnswers(answers, steps, out),
  encodeAnswers: (answers: readonly string[], steps: number, out?: Int32Array) => AlignedLayout.encodeAnswers(answers, steps, out),
  answerText: digitsText,
});

/** Digits least significant first -> most significant first, leading zeros stripped (a lone 0 kept). */
function digitsText(classes: ArrayLike<number>): string {
  let text = '';
  for (let step = classes.length - 1; step >= 0; step -= 1) text += String(classes[step]);
  return text.replace(/^0+(?=\d)/, '');
}

/**
 * The aligned family's layout for multiplication (see {@link ProductLayout}): a batch has as
 * many steps as its longest question has operand digits, each the bag of digit pairs of one
 * answer column in (100 counts) and one digit out.
 */
export const productExampleLayout: ExampleLayout = Object.freeze({
  name: 'product',
  operators: PRODUCT_OPERATORS,
  shape(questions: readonly string[]): ExampleShape {
    const steps = ProductLayout.steps(questions);
    return { inputSteps: steps, inputSize: PRODUCT_INPUT_SIZE, answerSteps: steps, answerSize: PRODUCT_OUTPUT_SIZE };
  },
  encodeQuestions: (questions: readonly string[], steps: number, out?: Float32Array) => ProductLayout.encodeQuestions(questions, steps, out),
  oneHotAnswers: (answers: readonly string[], steps: number, out?: Float32Array) => ProductLayout.oneHotAnswers(answers, steps, out),
  encodeAnswers: (answers: readonly string[], steps: number, out?: Int32Array) => ProductLayout.encodeAnswers(answers, steps, out),
  answerText: digitsText,
});

/** An example layout over one of the signed column layouts (their two passes, end to end). */
function signedExample(name: string, layout: typeof SignedLayout): ExampleLayout {
  return Object.freeze({
    name,
    operators: SIGNED_OPERATORS,
    shape(questions: readonly string[]): ExampleShape {
      const steps = layout.steps(questions);
      return { inputSteps: steps, inputSize: layout.inputSize, answerSteps: steps, answerSize: SIGNED_OUTPUT_SIZE };
    },
    encodeQuestions: (questions: readonly string[], steps: number, out?: Float32Array, answers?: readonly string[]) => layout.encodeQuestions(questions, steps, out, answers),
    oneHotAnswers: (answers: readonly string[], steps: number, out?: Float32Array, questions?: readonly string[]) => layout.oneHotAnswers(answers, steps, out, questions),
    encodeAnswers: (answers: readonly string[], steps: number, out?: Int32Array, questions?: readonly string[]) => layout.encodeAnswers(answers, steps, out, questions),
    answerText: (classes: ArrayLike<number>) => layout.answerText(classes),
  });
}

/**
 * The aligned family's layout for signed arithmetic (see {@link SignedLayout}): two passes over
 * a batch's columns (its longest operand + 1), end to end, 24 values in and 12 classes out per
 * step; the second pass's sign comes from the answers given to `encodeQuestions`.
 */
export const signedExampleLayout: ExampleLayout = signedExample('signed', SignedLayout);

/**
 * The aligned family's layout for signed arithmetic with feedback (see
 * {@link SignedFeedbackLayout}): {@link signedExampleLayout}'s two passes, 56 values in per step;
 * `encodeQuestions` given the answers lays out each step's true class of the step before
 * (teacher forcing).
 */
export const signedFeedbackExampleLayout: ExampleLayout = signedExample('signed-feedback', SignedFeedbackLayout);
