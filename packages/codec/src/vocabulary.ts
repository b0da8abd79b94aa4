import { operatorTask, type Operator } from './tasks/registry.js';

/** The character that fills a sequence after its text ends. */
export const PADDING = ' ';
/** The sign of a negative answer: the subtraction operator itself. */
const MINUS = '-';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * The characters a task's questions and answers are written with: the padding, the
 * operators it uses, `'-'` when one of them has negative answers, and the digits, sorted by
 * code point. The order is the one-hot order, so it must never depend on anything but the set
 * of characters: saved models rely on it. A task with `'-'` needs no separate sign, because the
 * operator is the sign; `'+'` alone gives the Keras example's 12 characters `' +0123456789'`.
 */
export function buildVocabulary(operators: readonly Operator[]): readonly string[] {
  const negative = operators.some((operator) => operatorTask(operator).negative);
  const characters = new Set<string>([PADDING, ...operators, ...(negative ? [MINUS] : []), ...DIGITS]);
  return Object.freeze([...characters].sort(compareCodePoints));
}

function compareCodePoints(left: string, right: string): number {
  return (left.codePointAt(0) ?? 0) - (right.codePointAt(0) ?? 0);
}
