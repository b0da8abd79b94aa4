import { ALIGNED_MAX_DIGITS, AlignedLayout, InvalidArgumentError, SignedLayout } from '@addrnn/codec';
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

/** `digits` pseudo-random digits, leading digit non-zero, the same for the same `seed` (a 32-bit LCG). */
function seededDigits(digits: number, seed: number): string {
  let state = seed >>> 0;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  let text = String(1 + next(9));
  for (let i = 1; i < digits; i += 1) text += String(next(10));
  return text;
}

/**
 * Subtractions of `digits`-digit numbers whose borrow or sign is decided far from where it is
 * written, to test that a signed aligned model subtracts over lengths it never trained on:
 * `10…0-1` and `1-10…0` (a borrow through every zero, the second negative), `x-x` (answer `0`:
 * every column equal), and two pairs equal in every column but the last (`…5-…6` is `-1`,
 * `…6-…5` is `1`: the sign is decided at the least significant column). `x` and the pairs'
 * common digits are pseudo-random, fixed for each length (a run of equal columns of every digit,
 * not a pattern a model could learn by heart). Kind `'borrow-chain'`, split `'test'` as for {@link longCarryCases}; the answers are
 * the exact differences.
 * @throws InvalidArgumentError unless `digits` is an integer from 1 to ALIGNED_MAX_DIGITS.
 */
export function longBorrowCases(digits: number): HardCase[] {
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 1 || digits > ALIGNED_MAX_DIGITS) {
    throw new InvalidArgumentError(`digits must be an integer from 1 to ${ALIGNED_MAX_DIGITS}, got ${describeValue(digits)}`);
  }
  const power = `1${'0'.repeat(digits - 1)}`;
  const same = seededDigits(digits, Math.imul(digits, 0x9e3779b1));
  const questions = [`${power}-1`, `1-${power}`, `${same}-${same}`];
  const stem = digits === 1 ? '' : seededDigits(digits - 1, Math.imul(digits, 0x85ebca6b) ^ 0x5bd1e995);
  questions.push(`${stem}5-${stem}6`, `${stem}6-${stem}5`);
  return questions.map((question) => ({ question, answer: SignedLayout.solve(question), kind: 'borrow-chain', split: 'test' }));
}
