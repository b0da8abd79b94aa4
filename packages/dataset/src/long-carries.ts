import { ALIGNED_MAX_DIGITS, AlignedLayout, InvalidArgumentError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import type { HardCase } from './example.js';

/**
 * Additions of `digits`-digit numbers whose carry runs the whole way, to test that an
 * aligned adder carries over lengths it never trained on: `99…9+1`, `1+99…9` (the short
 * operand on the other side), `49…9+50…01` (both `digits` long; `4+6` at 1 digit) and, from 3
 * digits, `19…95+5` (a run of nines inside a longer number, crossed by a carry from below).
 * Each has its exact answer and kind `'carry-chain'`. `split` is `'test'`: the cases are meant
 * for evaluation only and are not drawn from any dataset's split, though at a few digits a
 * question may also be one a dataset trains on.
 * @throws InvalidArgumentError unless `digits` is an integer from 1 to ALIGNED_MAX_DIGITS.
 */
export function longCarryCases(digits: number): HardCase[] {
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 1 || digits > ALIGNED_MAX_DIGITS) {
    throw new InvalidArgumentError(`digits must be an integer from 1 to ${ALIGNED_MAX_DIGITS}, got ${describeValue(digits)}`);
  }
  const nines = '9'.repeat(digits);
  const questions = [`${nines}+1`, `1+${nines}`];
  questions.push(digits === 1 ? '4+6' : `4${nines.slice(1)}+5${'0'.repeat(digits - 2)}1`);
  if (digits >= 3) questions.push(`1${nines.slice(2)}5+5`);
  return questions.map((question) => ({ question, answer: AlignedLayout.solve(question), kind: 'carry-chain', split: 'test' }));
}
