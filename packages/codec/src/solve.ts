import { applyOperator } from './operator.js';
import type { ParsedQuestion } from './parse-question.js';

/** The exact answer as a plain decimal string, `'-'` first when negative. */
export function solveParsed({ left, operator, right }: ParsedQuestion): string {
  return applyOperator(operator, BigInt(left), BigInt(right)).toString();
}
