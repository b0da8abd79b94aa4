// The signed layouts' classes: the answers' classes laid out from the questions, and answers read
// back from per-step probabilities (shared by `SignedLayout` and `SignedFeedbackLayout`).
import { checkArrayLike, checkBatch, checkCount } from './buffer-region.js';
import { checkAnswerList, checkSteps, digitAt } from './column-buffers.js';
import { describeValue } from './describe-value.js';
import { InvalidAnswerError, InvalidArgumentError } from './errors.js';
import type { ParsedQuestion } from './parse-question.js';
import { columnsOf, parseAll } from './signed-question.js';

/** Classes per signed output step: the digits 0-9, then the signs `+` (10) and `-` (11). */
export const SIGNED_OUTPUT_SIZE = 12;

const ZERO = 48; // '0'.charCodeAt(0)
/** Which classes each pass feeds back: the first its signs, the second its digits. */
export const PASS_CLASSES: readonly (readonly [number, number])[] = Object.freeze([Object.freeze([10, 12] as const), Object.freeze([0, 10] as const)]);
/** The first pass's classes: the sign `+` (10) and `-` (11). */
export const PLUS_CLASS = 10;
export const MINUS_CLASS = 11;

/** `steps` (two passes of `columns`) checked: even, and at least two passes of `needed` columns. */
export function checkPasses(steps: unknown, needed: number): number {
  const checked = checkSteps(steps, 2 * needed, 'two passes of the longest operand + 1 columns');
  if (checked % 2 !== 0) throw new InvalidArgumentError(`steps must be even (two passes over the same columns), got ${checked}`);
  return checked;
}

/** The answers checked: numbers (negative allowed) of at most `columns + 1` characters. */
export function checkAnswers(answers: unknown, columns: number): readonly string[] {
  return checkAnswerList(answers, { negative: true, answerLength: columns + 1, task: `the signed layout with ${columns} columns` }, '-596');
}

/**
 * Each answer's classes, `[count, steps]`: the first pass's column `t` holds the sign of the
 * question cut to its `t + 1` lowest columns (the borrow out of that column for `-`; `+` for
 * `+`), so the last first-pass column holds the answer's sign; the second pass holds the
 * answer's digits, least significant first. Training labels, laid out from the examples.
 */
export function answerClasses(answers: unknown, steps: number, questions: unknown): { classes: Int32Array; count: number } {
  if (questions === undefined) throw new InvalidArgumentError('the signed layout needs the questions to lay out its answers (the first pass writes the sign of each column)');
  const parsed = parseAll(questions);
  const columns = checkPasses(steps, columnsOf(parsed)) / 2;
  const valid = checkAnswers(answers, columns);
  if (valid.length !== parsed.length) throw new InvalidArgumentError(`answers and questions must be as many, got ${valid.length} answers and ${parsed.length} questions`);
  return { classes: classesOf(parsed, valid, steps), count: valid.length };
}

/** {@link answerClasses} of questions already parsed and answers already checked (as many, each fitting `steps / 2` columns). */
export function classesOf(parsed: readonly ParsedQuestion[], valid: readonly string[], steps: number): Int32Array {
  const columns = steps / 2;
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
  return classes;
}

/** The argmax of classes `[from, to)` of one step at `base`, checked finite. */
export function argmax(buffer: ArrayLike<number>, base: number, from: number, to: number): { index: number; value: number } {
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
export function readOne(buffer: ArrayLike<number>, start: number, steps: number): { negative: boolean; signProbability: number; codes: Uint8Array; chosen: number[]; first: number } {
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

export function checkProbabilities(probabilities: unknown, count: unknown, steps: unknown): { buffer: ArrayLike<number>; items: number; columns: number } {
  const buffer = checkArrayLike(probabilities, 'probabilities');
  const items = checkCount(count);
  const total = checkPasses(steps, 1);
  checkBatch(buffer, 'probabilities', items, total * SIGNED_OUTPUT_SIZE, `[steps ${total}, ${SIGNED_OUTPUT_SIZE}]`);
  return { buffer, items, columns: total / 2 };
}
