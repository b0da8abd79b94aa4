// The column layouts an aligned model reads, seen the same way by its predictor: the adder's
// one pass (`AlignedLayout`), the multiplier's one pass over the bags of digit pairs of its
// answer columns (`ProductLayout`), and the signed two passes (`SignedLayout`), where the
// first pass's sign is laid out into the second pass's inputs before it runs (and, with
// feedback, each step is given the class the model wrote at the step before).
import {
  ALIGNED_INPUT_SIZE,
  ALIGNED_OUTPUT_SIZE,
  AlignedLayout,
  parseAlignedQuestion,
  parseProductQuestion,
  parseSignedQuestion,
  PRODUCT_INPUT_SIZE,
  PRODUCT_OUTPUT_SIZE,
  ProductLayout,
  SIGNED_FEEDBACK_INPUT_SIZE,
  SIGNED_INPUT_SIZE,
  SIGNED_OUTPUT_SIZE,
  SignedFeedbackLayout,
  SignedLayout,
  type DecodedAnswer,
  type ParsedQuestion,
} from '@addrnn/codec';
import type { Pause } from './aligned-forward.js';

/** What the predictor needs of a column layout. */
export interface ColumnLayout {
  readonly inputSize: number;
  readonly outputSize: number;
  /** Independent sequences per example, end to end, each run from a fresh state (the signed layout's two passes). */
  readonly passes: number;
  /** The question split at its operator, or the InvalidQuestionError that answering it throws. */
  check(question: string): ParsedQuestion;
  /** Steps of these questions' sequences. @throws InvalidQuestionError naming `questions[i]` */
  steps(questions: readonly string[]): number;
  /** Steps of one valid question (for grouping long lists). */
  stepsOfOne(question: string): number;
  /** `[count, steps, inputSize]` inputs, without any part of the answer. */
  encodeQuestions(questions: readonly string[], steps: number): Float32Array;
  /**
   * Where the forward pass pauses, and what it lays out there: after step `at(steps) - 1` of an
   * example, `feed` reads that step's probabilities and writes the inputs of the steps after.
   */
  readonly pause?: { at(steps: number): number; feed(probabilities: Float32Array, inputs: Float32Array, item: number, steps: number): void };
  /**
   * A layout that gives each step the class the model wrote at the step before in its pass:
   * where that class's one-hot starts in a column (`inputAt`), which classes each pass feeds,
   * and `write`, which lays out every step's from `probabilities` and says whether an input changed.
   */
  readonly feedback?: Feedback;
  decodeBatch(probabilities: Float32Array, count: number, steps: number): DecodedAnswer[];
  decodeAnswers(probabilities: Float32Array, count: number, steps: number): string[];
}

/** What a layout with feedback tells the forward pass (see `ColumnLayout.feedback`). */
export interface Feedback {
  readonly inputAt: number;
  readonly passClasses: readonly (readonly [number, number])[];
  write(probabilities: Float32Array, inputs: Float32Array, item: number, steps: number): boolean;
}

const ZERO = 48; // '0'

/** Columns of one valid question: its longest operand + 1 (its one non-digit is the operator). */
function columnsOf(question: string): number {
  let operator = 0;
  while (operator < question.length) {
    const code = question.charCodeAt(operator);
    if (code < ZERO || code > ZERO + 9) break;
    operator += 1;
  }
  return Math.max(operator, question.length - operator - 1) + 1;
}

/** The adder's layout: one pass, one digit per column. */
export const ADDER_COLUMNS: ColumnLayout = Object.freeze({
  inputSize: ALIGNED_INPUT_SIZE,
  outputSize: ALIGNED_OUTPUT_SIZE,
  passes: 1,
  check: parseAlignedQuestion,
  steps: (questions: readonly string[]) => AlignedLayout.steps(questions),
  stepsOfOne: columnsOf,
  encodeQuestions: (questions: readonly string[], steps: number) => AlignedLayout.encodeQuestions(questions, steps),
  decodeBatch: (probabilities: Float32Array, count: number, steps: number) => AlignedLayout.decodeBatch(probabilities, count, steps),
  decodeAnswers: (probabilities: Float32Array, count: number, steps: number) => AlignedLayout.decodeAnswers(probabilities, count, steps),
});

/** The multiplier's layout: one pass, one answer digit per column, each column the bag of its digit pairs. */
export const PRODUCT_COLUMNS: ColumnLayout = Object.freeze({
  inputSize: PRODUCT_INPUT_SIZE,
  outputSize: PRODUCT_OUTPUT_SIZE,
  passes: 1,
  check: parseProductQuestion,
  steps: (questions: readonly string[]) => ProductLayout.steps(questions),
  stepsOfOne: (question: string) => ProductLayout.stepsOfOne(question),
  encodeQuestions: (questions: readonly string[], steps: number) => ProductLayout.encodeQuestions(questions, steps),
  decodeBatch: (probabilities: Float32Array, count: number, steps: number) => ProductLayout.decodeBatch(probabilities, count, steps),
  decodeAnswers: (probabilities: Float32Array, count: number, steps: number) => ProductLayout.decodeAnswers(probabilities, count, steps),
});

/** A signed layout's columns: two passes from fresh states; the first ends with the model's sign, which the second is given. */
function signedColumns(layout: typeof SignedLayout): ColumnLayout {
  const feedback = layout.feedback;
  return Object.freeze({
    inputSize: layout.inputSize,
    outputSize: SIGNED_OUTPUT_SIZE,
    passes: 2,
    check: parseSignedQuestion,
    steps: (questions: readonly string[]) => layout.steps(questions),
    stepsOfOne: (question: string) => 2 * columnsOf(question),
    encodeQuestions: (questions: readonly string[], steps: number) => layout.encodeQuestions(questions, steps),
    pause: Object.freeze({
      at: (steps: number) => steps / 2,
      feed(probabilities: Float32Array, inputs: Float32Array, item: number, steps: number): void {
        layout.writeSign(inputs, item, steps, layout.readSign(probabilities, item, steps));
      },
    }),
    ...(feedback && {
      feedback: Object.freeze({
        inputAt: feedback.inputAt,
        passClasses: feedback.passClasses,
        write: (probabilities: Float32Array, inputs: Float32Array, item: number, steps: number) => layout.writeFeedback(probabilities, inputs, item, steps),
      }),
    }),
    decodeBatch: (probabilities: Float32Array, count: number, steps: number) => layout.decodeBatch(probabilities, count, steps),
    decodeAnswers: (probabilities: Float32Array, count: number, steps: number) => layout.decodeAnswers(probabilities, count, steps),
  });
}

/** The signed layout of the first shipped signed model (24 values per column). */
export const SIGNED_COLUMNS = signedColumns(SignedLayout);
/** The signed layout with feedback (56 values per column). */
export const SIGNED_FEEDBACK_COLUMNS = signedColumns(SignedFeedbackLayout);

/** The column layout of an aligned model with `inputSize` values per column. */
export function columnLayoutOf(inputSize: number): ColumnLayout {
  if (inputSize === SIGNED_INPUT_SIZE) return SIGNED_COLUMNS;
  if (inputSize === PRODUCT_INPUT_SIZE) return PRODUCT_COLUMNS;
  return inputSize === SIGNED_FEEDBACK_INPUT_SIZE ? SIGNED_FEEDBACK_COLUMNS : ADDER_COLUMNS;
}

/** Independent passes per example of an aligned model with `inputSize` values per column: 1 for the adder and the multiplier, 2 for the signed layout. */
export function passesOf(inputSize: number): number {
  return columnLayoutOf(inputSize).passes;
}

/** What the forward pass is told for `steps`-step sequences of `layout`: where it pauses, what it feeds there, and any feedback; undefined for one pass. */
export function pauseOf(layout: ColumnLayout, steps: number): Pause | undefined {
  const pause = layout.pause;
  if (!pause) return undefined;
  return {
    at: pause.at(steps),
    feed: (out: Float32Array, inputs: Float32Array, item: number) => pause.feed(out, inputs, item, steps),
    ...(layout.feedback && { feedback: layout.feedback }),
  };
}
