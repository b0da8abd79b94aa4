import { AlignedLayout, ALIGNED_OUTPUT_SIZE } from './aligned-layout.js';
import { checkSteps, parseEach, targetBuffer } from './column-buffers.js';
import { parseQuestion, type ParsedQuestion } from './parse-question.js';
import type { Operator } from './tasks/registry.js';

/**
 * Values per product input column: one count for each of the 100 digit pairs `(a, b)`, at
 * `a * 10 + b`, saying how often the column holds that pair (see {@link ProductLayout}).
 */
export const PRODUCT_INPUT_SIZE = 100;
/** Classes per product output step: the digits 0-9, as the adder's. */
export const PRODUCT_OUTPUT_SIZE = ALIGNED_OUTPUT_SIZE;
/**
 * Longest operand a product question may have. A column lays out every digit pair whose
 * product lands in it, so a question of two n-digit operands lays out n² pairs.
 */
export const PRODUCT_MAX_DIGITS = 1000;

/** The operators a product question may use. */
export const PRODUCT_OPERATORS: readonly Operator[] = Object.freeze(['*']);

const ZERO = 48; // '0'
const PRODUCT_RULES = { digits: PRODUCT_MAX_DIGITS, operators: PRODUCT_OPERATORS };

/**
 * Parses `<digits>*<digits>` with 1..PRODUCT_MAX_DIGITS digits each side (leading zeros allowed).
 * @throws InvalidQuestionError exactly as `Codec.parseQuestion` does.
 */
export function parseProductQuestion(question: unknown): ParsedQuestion {
  return parseQuestion(question, PRODUCT_RULES);
}

/** Each question parsed, errors naming `questions[i]`. */
function parseAll(questions: unknown): ParsedQuestion[] {
  return parseEach(questions, parseProductQuestion, '123*45');
}

/** Columns of one parsed question: its operands' digits together, the most its product has. */
function columnsOf({ left, right }: ParsedQuestion): number {
  return left.length + right.length;
}

/** The columns parsed questions need: the most of {@link columnsOf}; 1 for none. */
function stepsOf(parsed: readonly ParsedQuestion[]): number {
  let most = 1;
  for (const question of parsed) most = Math.max(most, columnsOf(question));
  return most;
}

/**
 * Column layout for a recurrent multiplier fed one answer column per time step, least
 * significant first. Column `k` holds the digit pairs `(a_i, b_j)` with `i + j = k` (digits
 * counted from the right of each operand): the pairs whose products make up answer digit `k`,
 * before carries. It holds them as a bag: input `a * 10 + b` counts how often the pair
 * `(a, b)` is among them, so a pair has one row of the model's input weights wherever it
 * stands. No product is formed and nothing is summed but one-hots: the model learns what each
 * pair is worth, adds the column up and carries, and writes the digit. A question has
 * `left.length + right.length` columns (the most digits its product has); columns past its
 * operands' pairs are empty. Inputs `[count, steps, 100]`, outputs `[count, steps, 10]`, the
 * answer's digits read as the adder's are.
 */
export const ProductLayout = Object.freeze({
  /** Values per input column (100). */
  inputSize: PRODUCT_INPUT_SIZE,

  /** Columns for these questions: the most over them of their operands' digits together. @throws InvalidQuestionError naming `questions[i]` */
  steps(questions: readonly string[]): number {
    return stepsOf(parseAll(questions));
  },

  /** Columns of one valid question. */
  stepsOfOne(question: string): number {
    return question.length - 1;
  },

  /**
   * `[count, steps, 100]` float32 pair counts. `steps` defaults to the questions' own and must
   * be at least that; with `out` (exactly `count * steps * 100` long) writes there after zeroing it.
   * @throws InvalidQuestionError, InvalidArgumentError (steps), BufferSizeError (out).
   */
  encodeQuestions(questions: readonly string[], steps?: number, out?: Float32Array): Float32Array {
    const parsed = parseAll(questions);
    const needed = stepsOf(parsed);
    const columns = steps === undefined ? needed : checkSteps(steps, needed, "the operands' digits together");
    const size = columns * PRODUCT_INPUT_SIZE;
    const buffer = targetBuffer(out, Float32Array, parsed.length, size, `[steps ${columns}, ${PRODUCT_INPUT_SIZE}]`);
    parsed.forEach(({ left, right }, item) => {
      const base = item * size;
      for (let i = 0; i < left.length; i += 1) {
        const pairRow = (left.charCodeAt(left.length - 1 - i) - ZERO) * 10;
        for (let j = 0; j < right.length; j += 1) {
          const at = base + (i + j) * PRODUCT_INPUT_SIZE + pairRow + right.charCodeAt(right.length - 1 - j) - ZERO;
          buffer[at] = buffer[at]! + 1;
        }
      }
    });
    return buffer;
  },

  /** As `AlignedLayout.encodeAnswers`: `[count, steps]` digits, least significant first. */
  encodeAnswers: (answers: readonly string[], steps: number, out?: Int32Array): Int32Array => AlignedLayout.encodeAnswers(answers, steps, out),
  /** As `AlignedLayout.oneHotAnswers`. */
  oneHotAnswers: (answers: readonly string[], steps: number, out?: Float32Array): Float32Array => AlignedLayout.oneHotAnswers(answers, steps, out),
  /** As `AlignedLayout.decodeBatch`: the answers with their digits' probabilities. */
  decodeBatch: (probabilities: ArrayLike<number>, count: number, steps: number) => AlignedLayout.decodeBatch(probabilities, count, steps),
  /** As `AlignedLayout.decodeAnswers`: the answers alone. */
  decodeAnswers: (probabilities: ArrayLike<number>, count: number, steps: number) => AlignedLayout.decodeAnswers(probabilities, count, steps),

  /**
   * The exact product of a product question as a digit string without leading zeros.
   * @throws InvalidQuestionError unless the question is a product question.
   */
  solve(question: string): string {
    const { left, right } = parseProductQuestion(question);
    return (BigInt(left) * BigInt(right)).toString();
  },
});
