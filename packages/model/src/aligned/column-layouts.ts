// The two column layouts an aligned model reads, seen the same way by its predictor: the
// adder's one pass (`AlignedLayout`) and the signed two passes (`SignedLayout`), where the
// first pass's sign is laid out into the second pass's inputs before it runs.
import {
  ALIGNED_INPUT_SIZE,
  ALIGNED_OUTPUT_SIZE,
  AlignedLayout,
  parseAlignedQuestion,
  parseSignedQuestion,
  SIGNED_INPUT_SIZE,
  SIGNED_OUTPUT_SIZE,
  SignedLayout,
  type DecodedAnswer,
  type ParsedQuestion,
} from '@addrnn/codec';

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
  decodeBatch(probabilities: Float32Array, count: number, steps: number): DecodedAnswer[];
  decodeAnswers(probabilities: Float32Array, count: number, steps: number): string[];
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

/** The signed layout: two passes from fresh states; the first ends with the model's sign, which the second is given. */
export const SIGNED_COLUMNS: ColumnLayout = Object.freeze({
  inputSize: SIGNED_INPUT_SIZE,
  outputSize: SIGNED_OUTPUT_SIZE,
  passes: 2,
  check: parseSignedQuestion,
  steps: (questions: readonly string[]) => SignedLayout.steps(questions),
  stepsOfOne: (question: string) => 2 * columnsOf(question),
  encodeQuestions: (questions: readonly string[], steps: number) => SignedLayout.encodeQuestions(questions, steps),
  pause: Object.freeze({
    at: (steps: number) => steps / 2,
    feed(probabilities: Float32Array, inputs: Float32Array, item: number, steps: number): void {
      SignedLayout.writeSign(inputs, item, steps, SignedLayout.readSign(probabilities, item, steps));
    },
  }),
  decodeBatch: (probabilities: Float32Array, count: number, steps: number) => SignedLayout.decodeBatch(probabilities, count, steps),
  decodeAnswers: (probabilities: Float32Array, count: number, steps: number) => SignedLayout.decodeAnswers(probabilities, count, steps),
});

/** The column layout of an aligned model with `inputSize` values per column. */
export function columnLayoutOf(inputSize: number): ColumnLayout {
  return inputSize === SIGNED_INPUT_SIZE ? SIGNED_COLUMNS : ADDER_COLUMNS;
}

/** Independent passes per example of an aligned model with `inputSize` values per column: 1 for the adder, 2 for the signed layout. */
export function passesOf(inputSize: number): number {
  return columnLayoutOf(inputSize).passes;
}
