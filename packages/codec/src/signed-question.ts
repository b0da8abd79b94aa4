// Signed questions (`a+b`, `a-b` of any length) parsed for the signed column layout.
import { ALIGNED_MAX_DIGITS } from './aligned-layout.js';
import { describeValue } from './describe-value.js';
import { AddrnnError, InvalidQuestionError } from './errors.js';
import { parseQuestion, type ParsedQuestion } from './parse-question.js';
import type { Operator } from './tasks/registry.js';

/** The operators a signed question may use. */
export const SIGNED_OPERATORS: readonly Operator[] = Object.freeze(['+', '-']);

const ZERO = 48; // '0'.charCodeAt(0)
const PLUS = 43; // '+'
const MINUS = 45; // '-'
const RULES = { digits: ALIGNED_MAX_DIGITS, operators: SIGNED_OPERATORS };

/**
 * Parses `<digits>+<digits>` or `<digits>-<digits>` with 1..ALIGNED_MAX_DIGITS digits each side
 * (leading zeros allowed). @throws InvalidQuestionError exactly as `Codec.parseQuestion` does.
 */
export function parseSignedQuestion(question: unknown): ParsedQuestion {
  return fastParse(question) ?? parseQuestion(question, RULES);
}

/** The question split at its operator when valid, by one charCodeAt scan; undefined otherwise (for `parseQuestion` to say why). */
function fastParse(question: unknown): ParsedQuestion | undefined {
  if (typeof question !== 'string') return undefined;
  let at = -1;
  for (let index = 0; index < question.length; index += 1) {
    const code = question.charCodeAt(index);
    if ((code === PLUS || code === MINUS) && at === -1) at = index;
    else if (code < ZERO || code > ZERO + 9) return undefined;
  }
  const rightLength = question.length - at - 1;
  if (at < 1 || at > ALIGNED_MAX_DIGITS || rightLength < 1 || rightLength > ALIGNED_MAX_DIGITS) return undefined;
  return { left: question.slice(0, at), operator: question[at] as Operator, right: question.slice(at + 1) };
}

export function parseAll(questions: unknown, name = 'questions'): ParsedQuestion[] {
  if (!Array.isArray(questions)) {
    throw new InvalidQuestionError(`${name} must be an array of strings like "535-61", got ${describeValue(questions)}`);
  }
  return questions.map((question: unknown, index) => {
    try {
      return parseSignedQuestion(question);
    } catch (error) {
      if (!AddrnnError.isInstance(error)) throw error;
      throw new InvalidQuestionError(`${name}[${index}]: ${error.message}`, { cause: error });
    }
  });
}

/** Columns of parsed questions: the longest operand + 1 (where a sum's last carry goes). */
export function columnsOf(parsed: readonly ParsedQuestion[]): number {
  let longest = 0;
  for (const { left, right } of parsed) longest = Math.max(longest, left.length, right.length);
  return longest + 1;
}

