import type { ParsedQuestion } from './parse-question.js';
import { operatorTask } from './tasks/registry.js';

/** The exact answer as a plain decimal string, `'-'` first when negative. */
export function solveParsed({ left, operator, right }: ParsedQuestion): string {
  return operatorTask(operator).answer(BigInt(left), BigInt(right)).toString();
}
