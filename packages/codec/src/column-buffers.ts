// What the column layouts (the adder's `AlignedLayout`, the signed `SignedLayout`) share: typed
// buffers checked or allocated, digits written least significant first, digit codes to text.
import { checkBatch, checkOut } from './buffer-region.js';
import { describeValue } from './describe-value.js';
import { AddrnnError, InvalidAnswerError, InvalidArgumentError, InvalidQuestionError } from './errors.js';
import { validateAnswer, type AnswerRules } from './validate-answer.js';

const ZERO = 48; // '0'.charCodeAt(0)
// String.fromCharCode takes its codes as arguments; this many stay well inside any engine's limit.
const CHUNK = 8192;

/** `steps` when it is a safe integer of at least `minimum`, else InvalidArgumentError saying `why`. */
export function checkSteps(steps: unknown, minimum: number, why: string): number {
  if (typeof steps !== 'number' || !Number.isSafeInteger(steps) || steps < minimum) {
    throw new InvalidArgumentError(`steps must be an integer of at least ${minimum} (${why}), got ${describeValue(steps)}`);
  }
  return steps;
}

/**
 * `answers` when it is an array of answers that `rules` allow, else InvalidAnswerError naming the
 * first bad one by its index (`example` shows what an answer looks like when it is no array).
 */
export function checkAnswerList(answers: unknown, rules: AnswerRules, example: string): readonly string[] {
  if (!Array.isArray(answers)) throw new InvalidAnswerError(`answers must be an array of strings like "${example}", got ${describeValue(answers)}`);
  answers.forEach((answer: unknown, index) => {
    try {
      validateAnswer(answer, rules);
    } catch (error) {
      if (!AddrnnError.isInstance(error)) throw error;
      throw new InvalidAnswerError(`answers[${index}]: ${error.message}`, { cause: error });
    }
  });
  return answers as readonly string[];
}

/**
 * Each of `questions` parsed by `parse`, errors naming `questions[i]`; `example` shows a question
 * when `questions` is no array.
 */
export function parseEach<T>(questions: unknown, parse: (question: unknown) => T, example: string): T[] {
  if (!Array.isArray(questions)) {
    throw new InvalidQuestionError(`questions must be an array of strings like "${example}", got ${describeValue(questions)}`);
  }
  return questions.map((question: unknown, index) => {
    try {
      return parse(question);
    } catch (error) {
      if (!AddrnnError.isInstance(error)) throw error;
      throw new InvalidQuestionError(`questions[${index}]: ${error.message}`, { cause: error });
    }
  });
}

/** A new typed array, or an InvalidArgumentError (not a raw RangeError) when it cannot be made. */
function allocate<T extends Float32Array | Int32Array>(kind: new (length: number) => T, length: number, shape: string): T {
  try {
    return new kind(length);
  } catch (error) {
    throw new InvalidArgumentError(`cannot allocate a ${kind.name} of ${length} values for ${shape}; use fewer questions per batch or fewer steps`, { cause: error });
  }
}

/** `out` when given (checked for type and length, then zeroed), else a new buffer of `count * size`. */
export function targetBuffer<T extends Float32Array | Int32Array>(out: unknown, kind: new (length: number) => T, count: number, size: number, shape: string): T {
  const given = checkOut(out, kind);
  if (given === undefined) return allocate(kind, count * size, `${count} x ${shape}`);
  checkBatch(given, 'out', count, size, shape);
  given.fill(0);
  return given;
}

/**
 * Writes the digits of `text` from `from` on (a sign before them is skipped by the caller),
 * least significant first, as one-hot values at `out[offset + t * stride + shift + digit]`
 * for `t` < `steps` (digit 0 past the number's end).
 */
export function writeDigits(text: string, out: Float32Array, offset: number, stride: number, shift: number, steps: number, from = 0): void {
  const length = text.length;
  for (let t = 0; t < steps; t += 1) {
    const index = length - 1 - t;
    const digit = index >= from ? text.charCodeAt(index) - ZERO : 0;
    out[offset + t * stride + shift + digit] = 1;
  }
}

/** The digit (0-9) `t` columns from the right of `text`'s digits starting at `from`; 0 past the end. */
export function digitAt(text: string, t: number, from = 0): number {
  const index = text.length - 1 - t;
  return index >= from ? text.charCodeAt(index) - ZERO : 0;
}

/** Digit codes (`'0'`..`'9'`) as a string, without one concatenation per digit. */
export function codesToString(codes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < codes.length; start += CHUNK) {
    parts.push(String.fromCharCode(...codes.subarray(start, start + CHUNK)));
  }
  return parts.join('');
}
