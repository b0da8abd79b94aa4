import { checkDrawArguments } from './draw.js';
import type { DrawSource } from './operator-task.js';

/**
 * Draws two operands whose digits line up into long carry chains (`'carry'`) or borrow chains
 * (`'borrow'`): the kind of question the Keras operand distribution almost never asks (99999+1,
 * 49999+50001, 10000-1) and a trained model most often gets wrong.
 *
 * Lengths are drawn as in the Keras distribution. Going up the columns the operands share, a
 * column starts a chain (it carries, or borrows, by itself) or passes an incoming one on (digits
 * summing to 9 for carries, equal digits for borrows) or is uniform: the lowest column starts a
 * chain with odds 1/2, each later one passes it on with odds 3/4 and starts a new one otherwise
 * half of the time. Digits of the longer operand above the shorter one pass the chain on (9 for
 * carries, 0 for borrows, where the longer operand's top digit stays non-zero) with odds 3/4. For
 * borrows the longer operand is built on the left, so the chain is the one of the larger minus
 * the smaller. Operands then swap places with odds 1/2. Leading zeros are dropped.
 */
export function drawColumnChainPair(source: DrawSource, digits: number, chain: 'carry' | 'borrow'): [string, string] {
  checkDrawArguments(source, digits);
  const borrow = chain === 'borrow';
  let leftLength = 1 + source.integer(digits);
  let rightLength = 1 + source.integer(digits);
  // Borrow chains are built for the larger minus the smaller: keep the longer one left.
  if (borrow && rightLength > leftLength) [leftLength, rightLength] = [rightLength, leftLength];
  const left: number[] = [];
  for (let i = 0; i < leftLength; i += 1) left.push(source.integer(10));
  const right: number[] = [];
  const shared = Math.min(leftLength, rightLength);
  for (let i = 0; i < rightLength; i += 1) {
    const roll = source.integer(8);
    if (i >= shared) {
      right.push(roll < 6 ? (borrow ? 0 : 9) : source.integer(10));
    } else if (i > 0 && roll < 6) {
      right.push(borrow ? left[i]! : 9 - left[i]!); // passes an incoming carry or borrow on
    } else if (roll % 2 === 0) {
      right.push(startChain(source, left, i, borrow)); // carries or borrows by itself
    } else {
      right.push(source.integer(10));
    }
  }
  for (let i = shared; i < leftLength; i += 1) {
    // A borrow passes through zeros, but the top digit stays non-zero (10000-1, not 0000-1).
    if (borrow && i === leftLength - 1) left[i] = 1 + source.integer(9);
    else if (source.integer(4) < 3) left[i] = borrow ? 0 : 9;
  }
  const text = (values: number[]) => values.slice().reverse().join('').replace(/^0+(?=\d)/, '');
  const pair: [string, string] = [text(left), text(right)];
  return source.integer(2) === 0 ? pair : [pair[1], pair[0]];
}

/** Picks the right digit of column `i` so the column carries (a + b >= 10) or borrows (a < b). */
function startChain(source: DrawSource, left: number[], i: number, borrow: boolean): number {
  if (borrow) {
    if (left[i] === 9) left[i] = source.integer(9);
    const a = left[i]!;
    return a + 1 + source.integer(9 - a);
  }
  if (left[i] === 0) left[i] = 1 + source.integer(9);
  const a = left[i]!;
  return 10 - a + source.integer(a);
}

/**
 * Draws two operands of one length (1 to `digits`) that are equal in every column above their
 * `k` lowest ones (`k` from 0, which gives `x-x`, to the length - 1), with the lowest `k`
 * columns drawn apart: `12345678-12345679`, where the sign of a difference is decided at the
 * bottom and must be carried up through a run of equal columns of any digits. Leading zeros are
 * dropped from both (the shared top digit is non-zero, so they stay the same length).
 */
export function drawSignChainPair(source: DrawSource, digits: number): [string, string] {
  checkDrawArguments(source, digits);
  const length = 1 + source.integer(digits);
  const low = source.integer(length);
  let left = '';
  let right = '';
  // `i` counts from the most significant column: the `length - low` highest are shared.
  for (let i = 0; i < length; i += 1) {
    const shared = i < length - low;
    const digit = i === 0 && length > 1 ? 1 + source.integer(9) : source.integer(10);
    left += String(digit);
    right += String(shared ? digit : source.integer(10));
  }
  const strip = (text: string) => text.replace(/^0+(?=\d)/, '');
  return [strip(left), strip(right)];
}
