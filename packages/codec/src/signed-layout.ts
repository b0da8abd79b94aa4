import { checkArrayLike, checkBatch, checkCount } from './buffer-region.js';
import { checkAnswerList, checkSteps, codesToString, digitAt, targetBuffer, writeDigits } from './column-buffers.js';
import type { DecodedAnswer } from './decoded-answer.js';
import { describeValue } from './describe-value.js';
import { InvalidAnswerError, InvalidArgumentError } from './errors.js';
import { columnsOf, parseAll, parseSignedQuestion } from './signed-question.js';

/**
 * Values per signed input column: the left operand's digit one-hot (10), the right's (10), the
 * operator one-hot (`+`, `-`), and the sign one-hot (`+`, `-`), set in the second pass only.
 */
export const SIGNED_INPUT_SIZE = 24;
/** Classes per signed output step: the digits 0-9, then the signs `+` (10) and `-` (11). */
export const SIGNED_OUTPUT_SIZE = 12;

const ZERO = 48; // '0'.charCodeAt(0)
const OPERATOR_SHIFT = 20;
const SIGN_SHIFT = 22;
const PLUS_CLASS = 10;
const MINUS_CLASS = 11;

/** `steps` (two passes of `columns`) checked: even, and at least two passes of `needed` columns. */
function checkPasses(steps: unknown, needed: number): number {
  const checked = checkSteps(steps, 2 * needed, 'two passes of the longest operand + 1 columns');
  if (checked % 2 !== 0) throw new InvalidArgumentError(`steps must be even (two passes over the same columns), got ${checked}`);
  return checked;
}

function checkAnswers(answers: unknown, columns: number): readonly string[] {
  return checkAnswerList(answers, { negative: true, answerLength: columns + 1, task: `the signed layout with ${columns} columns` }, '-596');
}

/**
 * Each answer's classes, `[count, steps]`: the first pass's column `t` holds the sign of the
 * question cut to its `t + 1` lowest columns (the borrow out of that column for `-`; `+` for
 * `+`), so the last first-pass column holds the answer's sign; the second pass holds the
 * answer's digits, least significant first. Training labels, laid out from the examples.
 */
function answerClasses(answers: unknown, steps: number, questions: unknown): { classes: Int32Array; count: number } {
  if (questions === undefined) throw new InvalidArgumentError('the signed layout needs the questions to lay out its answers (the first pass writes the sign of each column)');
  const parsed = parseAll(questions);
  const columns = checkPasses(steps, columnsOf(parsed)) / 2;
  const valid = checkAnswers(answers, columns);
  if (valid.length !== parsed.length) throw new InvalidArgumentError(`answers and questions must be as many, got ${valid.length} answers and ${parsed.length} questions`);
  const classes = new Int32Array(valid.length * steps);
  parsed.forEach(({ left, operator, right }, item) => {
    const row = item * steps;
    let borrow = false;
    for (let t = 0; t < columns; t += 1) {
      if (operator === '-') {
        const a = digitAt(left, t);
        const b = digitAt(right, t);
        if (a !== b) borrow = a < b;
      }
      classes[row + t] = borrow ? MINUS_CLASS : PLUS_CLASS;
    }
    const answer = valid[item]!;
    if (answer.startsWith('-') !== borrow) {
      throw new InvalidAnswerError(`answers[${item}]: ${describeValue(answer)} has the wrong sign for questions[${item}] ${describeValue(`${left}${operator}${right}`)}`);
    }
    const from = borrow ? 1 : 0;
    for (let t = 0; t < columns; t += 1) classes[row + columns + t] = digitAt(answer, t, from);
  });
  return { classes, count: valid.length };
}

/** The argmax of classes `[from, to)` of one step at `base`, checked finite. */
function argmax(buffer: ArrayLike<number>, base: number, from: number, to: number): { index: number; value: number } {
  let index = from;
  let value = -Infinity;
  for (let c = from; c < to; c += 1) {
    const v = buffer[base + c];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidAnswerError(`probabilities[${base + c}] must be a finite number, got ${describeValue(v)}; did the model diverge?`);
    }
    if (v > value) {
      index = c;
      value = v;
    }
  }
  return { index, value };
}

/** Reads one answer at `start` of `[steps, 12]` probabilities: the sign at the first pass's last column, then the second pass's digits. */
function readOne(buffer: ArrayLike<number>, start: number, steps: number): { negative: boolean; signProbability: number; codes: Uint8Array; chosen: number[]; first: number } {
  const columns = steps / 2;
  const sign = argmax(buffer, start + (columns - 1) * SIGNED_OUTPUT_SIZE, PLUS_CLASS, MINUS_CLASS + 1);
  const codes = new Uint8Array(columns);
  const chosen = new Array<number>(columns);
  for (let position = 0; position < columns; position += 1) {
    const { index, value } = argmax(buffer, start + (steps - 1 - position) * SIGNED_OUTPUT_SIZE, 0, 10);
    codes[position] = ZERO + index;
    chosen[position] = value;
  }
  let first = 0;
  while (first < columns - 1 && codes[first] === ZERO) first += 1;
  // A zero has no sign, whatever the first pass said: "-0" is not a number.
  const zero = first === columns - 1 && codes[first] === ZERO;
  return { negative: sign.index === MINUS_CLASS && !zero, signProbability: sign.value, codes, chosen, first };
}

function checkProbabilities(probabilities: unknown, count: unknown, steps: unknown): { buffer: ArrayLike<number>; items: number; columns: number } {
  const buffer = checkArrayLike(probabilities, 'probabilities');
  const items = checkCount(count);
  const total = checkPasses(steps, 1);
  checkBatch(buffer, 'probabilities', items, total * SIGNED_OUTPUT_SIZE, `[steps ${total}, ${SIGNED_OUTPUT_SIZE}]`);
  return { buffer, items, columns: total / 2 };
}

/**
 * Column layout for signed arithmetic (`+` and `-`, answers may be negative) in two passes over
 * the same digit columns, least significant first, in one sequence of `steps` = 2 × columns
 * (columns = longest operand + 1). The first pass writes, at each column, the sign of the
 * question cut to the columns so far, so at its last column the answer's sign; the second pass
 * is given that sign at every column (laid out by `SignedLayout.writeSign`: the true sign in training,
 * the model's own in prediction) and writes the answer's digits. Inputs `[count, steps, 24]`,
 * outputs `[count, steps, 12]`. Code lays out columns and reads classes; the model computes the
 * sign and every digit.
 */
export const SignedLayout = Object.freeze({
  /** Columns of one pass: the longest operand + 1. @throws InvalidQuestionError naming `questions[i]` */
  columns(questions: readonly string[]): number {
    return columnsOf(parseAll(questions));
  },

  /** Steps of the whole sequence: two passes of {@link columns}. @throws InvalidQuestionError naming `questions[i]` */
  steps(questions: readonly string[]): number {
    return 2 * columnsOf(parseAll(questions));
  },

  /**
   * `[count, steps, 24]` one-hot inputs (`steps` defaults to the questions' own and must be even
   * and at least that). With `answers`, the second pass holds each answer's sign (teacher
   * forcing, for training); without, it holds none until `SignedLayout.writeSign` lays out the model's.
   * @throws InvalidQuestionError, InvalidAnswerError, InvalidArgumentError (steps), BufferSizeError (out).
   */
  encodeQuestions(questions: readonly string[], steps?: number, out?: Float32Array, answers?: readonly string[]): Float32Array {
    const parsed = parseAll(questions);
    const needed = columnsOf(parsed);
    const total = steps === undefined ? 2 * needed : checkPasses(steps, needed);
    const columns = total / 2;
    const signs = answers === undefined ? undefined : checkAnswers(answers, columns);
    if (signs !== undefined && signs.length !== parsed.length) throw new InvalidArgumentError(`answers and questions must be as many, got ${signs.length} answers and ${parsed.length} questions`);
    const size = total * SIGNED_INPUT_SIZE;
    const buffer = targetBuffer(out, Float32Array, parsed.length, size, `[steps ${total}, ${SIGNED_INPUT_SIZE}]`);
    parsed.forEach(({ left, operator, right }, item) => {
      for (const pass of [0, columns * SIGNED_INPUT_SIZE]) {
        const offset = item * size + pass;
        writeDigits(left, buffer, offset, SIGNED_INPUT_SIZE, 0, columns);
        writeDigits(right, buffer, offset, SIGNED_INPUT_SIZE, 10, columns);
        const op = OPERATOR_SHIFT + (operator === '-' ? 1 : 0);
        for (let t = 0; t < columns; t += 1) buffer[offset + t * SIGNED_INPUT_SIZE + op] = 1;
      }
      if (signs !== undefined) SignedLayout.writeSign(buffer, item, total, signs[item]!.startsWith('-'));
    });
    return buffer;
  },

  /** Lays out a sign in the second pass of example `item` of `[count, steps, 24]` inputs (replacing any). */
  writeSign(inputs: Float32Array, item: number, steps: number, negative: boolean): void {
    const columns = steps / 2;
    const base = item * steps * SIGNED_INPUT_SIZE;
    for (let t = columns; t < steps; t += 1) {
      const at = base + t * SIGNED_INPUT_SIZE + SIGN_SHIFT;
      inputs[at] = negative ? 0 : 1;
      inputs[at + 1] = negative ? 1 : 0;
    }
  },

  /** Whether the first pass chose `-` for example `item` of `[count, steps, 12]` probabilities (or logits). */
  readSign(probabilities: ArrayLike<number>, item: number, steps: number): boolean {
    return argmax(probabilities, (item * steps + steps / 2 - 1) * SIGNED_OUTPUT_SIZE, PLUS_CLASS, MINUS_CLASS + 1).index === MINUS_CLASS;
  },

  /**
   * `[count, steps]` int32 classes of the answers (see the layout): the questions are needed,
   * since the first pass's classes are the signs of each question's lowest columns.
   * @throws InvalidAnswerError unless each answer is a number of at most `steps / 2` digits with the question's sign
   */
  encodeAnswers(answers: readonly string[], steps: number, out?: Int32Array, questions?: readonly string[]): Int32Array {
    const { classes, count } = answerClasses(answers, steps, questions);
    const buffer = targetBuffer(out, Int32Array, count, steps, `[steps ${steps}]`);
    buffer.set(classes);
    return buffer;
  },

  /** `[count, steps, 12]` one-hot of {@link encodeAnswers}, into `out` when given. */
  oneHotAnswers(answers: readonly string[], steps: number, out?: Float32Array, questions?: readonly string[]): Float32Array {
    const { classes, count } = answerClasses(answers, steps, questions);
    const buffer = targetBuffer(out, Float32Array, count, steps * SIGNED_OUTPUT_SIZE, `[steps ${steps}, ${SIGNED_OUTPUT_SIZE}]`);
    for (let index = 0; index < classes.length; index += 1) buffer[index * SIGNED_OUTPUT_SIZE + classes[index]!] = 1;
    return buffer;
  },

  /**
   * Reads `count` answers from `[count, steps, 12]` probabilities: the sign at the first pass's
   * last column (among `+` and `-`), the digits from the second pass (among 0-9), most
   * significant first without leading zeros; a zero is never negative. `positions` starts with
   * the sign (`'+'` or `'-'`) and its probability, then every digit step; `confidence` has one
   * entry per character of `answer` (the `'-'`'s is the sign's).
   * @throws BufferSizeError, InvalidAnswerError on a non-finite value.
   */
  decodeBatch(probabilities: ArrayLike<number>, count: number, steps: number): DecodedAnswer[] {
    const { buffer, items, columns } = checkProbabilities(probabilities, count, steps);
    const answers: DecodedAnswer[] = [];
    for (let item = 0; item < items; item += 1) {
      const { negative, signProbability, codes, chosen, first } = readOne(buffer, item * 2 * columns * SIGNED_OUTPUT_SIZE, 2 * columns);
      const digits = codesToString(codes.subarray(first));
      const positions = [{ character: negative ? '-' : '+', probability: signProbability }];
      for (let position = 0; position < columns; position += 1) positions.push({ character: String.fromCharCode(codes[position]!), probability: chosen[position]! });
      const confidence = chosen.slice(first);
      answers.push(negative ? { answer: `-${digits}`, confidence: [signProbability, ...confidence], positions } : { answer: digits, confidence, positions });
    }
    return answers;
  },

  /** The answers alone of {@link decodeBatch}. Same checks and errors. */
  decodeAnswers(probabilities: ArrayLike<number>, count: number, steps: number): string[] {
    const { buffer, items, columns } = checkProbabilities(probabilities, count, steps);
    const answers: string[] = [];
    for (let item = 0; item < items; item += 1) {
      const { negative, codes, first } = readOne(buffer, item * 2 * columns * SIGNED_OUTPUT_SIZE, 2 * columns);
      answers.push((negative ? '-' : '') + codesToString(codes.subarray(first)));
    }
    return answers;
  },

  /** The answer as a person reads it from one example's `steps` classes (sign at the first pass's end, digits after). */
  answerText(classes: ArrayLike<number>): string {
    const columns = classes.length / 2;
    let digits = '';
    for (let step = classes.length - 1; step >= columns; step -= 1) digits += String(classes[step]);
    digits = digits.replace(/^0+(?=\d)/, '');
    return classes[columns - 1] === MINUS_CLASS && digits !== '0' ? `-${digits}` : digits;
  },

  /**
   * The exact answer of a signed question (a reference for checks and views; the model never sees it).
   * @throws InvalidQuestionError unless the question is a signed question.
   */
  solve(question: string): string {
    const { left, operator, right } = parseSignedQuestion(question);
    return (operator === '-' ? BigInt(left) - BigInt(right) : BigInt(left) + BigInt(right)).toString();
  },
});
