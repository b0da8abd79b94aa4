import { checkArrayLike, checkBatch, checkCount } from './buffer-region.js';
import { checkAnswerList, checkSteps, codesToString, parseEach, targetBuffer as target, writeDigits } from './column-buffers.js';
import type { DecodedAnswer } from './decoded-answer.js';
import { describeValue } from './describe-value.js';
import { AddrnnError, InvalidAnswerError, InvalidQuestionError } from './errors.js';
import type { Operator } from './tasks/registry.js';
import { parseQuestion, type ParsedQuestion } from './parse-question.js';

/** Values per aligned input column: one-hot of the left operand's digit (10), then of the right's (10). */
export const ALIGNED_INPUT_SIZE = 20;
/** Classes per aligned output step: the digits 0-9. */
export const ALIGNED_OUTPUT_SIZE = 10;
/** Longest operand an aligned question may have (a guard against runaway memory). */
export const ALIGNED_MAX_DIGITS = 1_000_000;

/** The operators an aligned question may use: the column-by-column layout adds. */
export const ALIGNED_OPERATORS: readonly Operator[] = Object.freeze(['+']);

const ZERO = 48; // '0'.charCodeAt(0)
const ALIGNED_RULES = { digits: ALIGNED_MAX_DIGITS, operators: ALIGNED_OPERATORS };

/**
 * Parses `<digits>+<digits>` with 1..ALIGNED_MAX_DIGITS digits each side (leading zeros
 * allowed), `'+'` only.
 * @throws InvalidQuestionError exactly as `Codec.parseQuestion` does.
 */
export function parseAlignedQuestion(question: unknown): ParsedQuestion {
  return fastParse(question) ?? parseQuestion(question, ALIGNED_RULES);
}

const PLUS = 43; // '+'.charCodeAt(0)

/**
 * The question split at its `'+'` when it is valid, found by one charCodeAt scan (long
 * questions are the point of this layout); undefined otherwise, for `parseQuestion` to say why.
 */
function fastParse(question: unknown): ParsedQuestion | undefined {
  if (typeof question !== 'string') return undefined;
  let plusAt = -1;
  for (let index = 0; index < question.length; index += 1) {
    const code = question.charCodeAt(index);
    if (code === PLUS && plusAt === -1) plusAt = index;
    else if (code < ZERO || code > ZERO + 9) return undefined;
  }
  const rightLength = question.length - plusAt - 1;
  if (plusAt < 1 || plusAt > ALIGNED_MAX_DIGITS || rightLength < 1 || rightLength > ALIGNED_MAX_DIGITS) return undefined;
  return { left: question.slice(0, plusAt), operator: '+', right: question.slice(plusAt + 1) };
}

/** Each question parsed, errors naming `questions[i]`. */
function parseAll(questions: unknown): ParsedQuestion[] {
  return parseEach(questions, parseAlignedQuestion, '535+61');
}

/** The columns parsed questions need: max over them of (longest operand + 1); 1 for none. */
function stepsOf(parsed: readonly ParsedQuestion[]): number {
  let longest = 0;
  for (const { left, right } of parsed) longest = Math.max(longest, left.length, right.length);
  return longest + 1;
}

/** Answers checked as non-negative digit strings without leading zeros, of at most `steps` digits. */
function checkAnswers(answers: unknown, steps: number): readonly string[] {
  return checkAnswerList(answers, { negative: false, answerLength: steps, task: `the aligned layout with ${steps} steps` }, '596');
}

const DIGIT_CHARACTERS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The argmax digit codes of one answer from `[steps, 10]` probabilities at `start`, most
 * significant first, their probabilities, and where the answer starts after leading zeros.
 */
function argmaxDigits(buffer: ArrayLike<number>, start: number, steps: number): { codes: Uint8Array; chosen: number[]; first: number } {
  const codes = new Uint8Array(steps);
  const chosen = new Array<number>(steps);
  // Reading order: the last step (most significant) first.
  for (let position = 0; position < steps; position += 1) {
    const base = start + (steps - 1 - position) * ALIGNED_OUTPUT_SIZE;
    let best = 0;
    let bestValue = -Infinity;
    for (let digit = 0; digit < ALIGNED_OUTPUT_SIZE; digit += 1) {
      const value = buffer[base + digit];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidAnswerError(
          `probabilities[${base + digit}] must be a finite number, got ${describeValue(value)}; did the model diverge?`,
        );
      }
      if (value > bestValue) {
        best = digit;
        bestValue = value;
      }
    }
    codes[position] = ZERO + best;
    chosen[position] = bestValue;
  }
  let first = 0;
  while (first < steps - 1 && codes[first] === ZERO) first += 1;
  return { codes, chosen, first };
}

/** One answer from `[steps, 10]` probabilities at `start`, with every step's probability. */
function decodeOne(buffer: ArrayLike<number>, start: number, steps: number): DecodedAnswer {
  const { codes, chosen, first } = argmaxDigits(buffer, start, steps);
  const positions = new Array<{ character: string; probability: number }>(steps);
  for (let position = 0; position < steps; position += 1) {
    positions[position] = { character: DIGIT_CHARACTERS[codes[position]! - ZERO]!, probability: chosen[position]! };
  }
  return { answer: codesToString(codes.subarray(first)), confidence: chosen.slice(first), positions };
}

/**
 * Column-aligned layout for a recurrent adder fed one column per time step: column `t` holds
 * the `t`-th digit from the right of each operand (digit 0 past an operand's end), and output
 * step `t` is the answer's `t`-th digit from the right. A batch has `steps` = longest operand
 * + 1 columns; the last one, 0+0, is where the final carry is written. Inputs are row-major
 * `[count, steps, ALIGNED_INPUT_SIZE]` (left digit one-hot, then right digit one-hot), outputs
 * `[count, steps, ALIGNED_OUTPUT_SIZE]`.
 */
export const AlignedLayout = Object.freeze({
  /**
   * Columns for these questions: max over questions of (longest operand + 1).
   * @throws InvalidQuestionError naming `questions[i]` for the first invalid question.
   */
  steps(questions: readonly string[]): number {
    return stepsOf(parseAll(questions));
  },

  /**
   * `[count, steps, 20]` float32 one-hot columns. `steps` defaults to the questions' own and
   * must be at least that; with `out` (exactly `count * steps * 20` long) writes there after
   * zeroing it.
   * @throws InvalidQuestionError, InvalidArgumentError (steps), BufferSizeError (out).
   */
  encodeQuestions(questions: readonly string[], steps?: number, out?: Float32Array): Float32Array {
    const parsed = parseAll(questions);
    const needed = stepsOf(parsed);
    const columns = steps === undefined ? needed : checkSteps(steps, needed, 'the longest operand + 1');
    const size = columns * ALIGNED_INPUT_SIZE;
    const buffer = target(out, Float32Array, parsed.length, size, `[steps ${columns}, ${ALIGNED_INPUT_SIZE}]`);
    parsed.forEach(({ left, right }, item) => {
      writeDigits(left, buffer, item * size, ALIGNED_INPUT_SIZE, 0, columns);
      writeDigits(right, buffer, item * size, ALIGNED_INPUT_SIZE, 10, columns);
    });
    return buffer;
  },

  /**
   * `[count, steps]` int32 digits of the answers, least significant first, 0 past an answer's end.
   * @throws InvalidAnswerError unless each answer is a non-negative number of at most `steps` digits.
   */
  encodeAnswers(answers: readonly string[], steps: number, out?: Int32Array): Int32Array {
    const columns = checkSteps(steps, 1, 'one per answer digit');
    const valid = checkAnswers(answers, columns);
    const buffer = target(out, Int32Array, valid.length, columns, `[steps ${columns}]`);
    valid.forEach((answer, item) => {
      const length = answer.length;
      for (let t = 0; t < length; t += 1) buffer[item * columns + t] = answer.charCodeAt(length - 1 - t) - ZERO;
    });
    return buffer;
  },

  /** `[count, steps, 10]` one-hot of `AlignedLayout.encodeAnswers`, into `out` when given. */
  oneHotAnswers(answers: readonly string[], steps: number, out?: Float32Array): Float32Array {
    const columns = checkSteps(steps, 1, 'one per answer digit');
    const valid = checkAnswers(answers, columns);
    const size = columns * ALIGNED_OUTPUT_SIZE;
    const buffer = target(out, Float32Array, valid.length, size, `[steps ${columns}, ${ALIGNED_OUTPUT_SIZE}]`);
    valid.forEach((answer, item) => writeDigits(answer, buffer, item * size, ALIGNED_OUTPUT_SIZE, 0, columns));
    return buffer;
  },

  /**
   * Reads `count` answers from per-step probabilities `[count, steps, 10]`: the highest value
   * of each step wins (the first on a tie); the answer is written most significant first with
   * leading zeros stripped (a lone `'0'` kept). `confidence` holds the chosen digits'
   * probabilities for the characters of `answer`, `positions` every step, both in reading order.
   * @throws BufferSizeError when the buffer is not `count * steps * 10` long; InvalidAnswerError on a non-finite value.
   */
  decodeBatch(probabilities: ArrayLike<number>, count: number, steps: number): DecodedAnswer[] {
    const buffer = checkArrayLike(probabilities, 'probabilities');
    const items = checkCount(count);
    const columns = checkSteps(steps, 1, 'the columns the model ran');
    const size = columns * ALIGNED_OUTPUT_SIZE;
    checkBatch(buffer, 'probabilities', items, size, `[steps ${columns}, ${ALIGNED_OUTPUT_SIZE}]`);
    const answers: DecodedAnswer[] = [];
    for (let item = 0; item < items; item += 1) answers.push(decodeOne(buffer, item * size, columns));
    return answers;
  },

  /**
   * The answers alone of {@link decodeBatch}, without per-step objects: for long lists of long
   * questions. Same checks and errors.
   */
  decodeAnswers(probabilities: ArrayLike<number>, count: number, steps: number): string[] {
    const buffer = checkArrayLike(probabilities, 'probabilities');
    const items = checkCount(count);
    const columns = checkSteps(steps, 1, 'the columns the model ran');
    const size = columns * ALIGNED_OUTPUT_SIZE;
    checkBatch(buffer, 'probabilities', items, size, `[steps ${columns}, ${ALIGNED_OUTPUT_SIZE}]`);
    const answers: string[] = [];
    for (let item = 0; item < items; item += 1) {
      const { codes, first } = argmaxDigits(buffer, item * size, columns);
      answers.push(codesToString(codes.subarray(first)));
    }
    return answers;
  },

  /**
   * The exact sum of an aligned question as a digit string without leading zeros.
   * @throws InvalidQuestionError unless the question is an aligned question.
   */
  solve(question: string): string {
    const { left, right } = parseAlignedQuestion(question);
    return (BigInt(left) + BigInt(right)).toString();
  },
});
