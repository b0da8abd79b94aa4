import type { Operator } from '@addrnn/codec';
import { InvalidArgumentError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import { checkDigits, checkRandom, type Random } from './random.js';

/**
 * Draws two operands whose digits line up into long carry chains (`+`, `*`) or borrow chains
 * (`-`): the kind of question the Keras operand distribution almost never asks (99999+1,
 * 49999+50001, 10000-1) and a trained adder most often gets wrong.
 *
 * Lengths are drawn as in the Keras distribution. Going up the columns the operands share, a
 * column starts a chain (it carries, or borrows, by itself) or passes an incoming one on (digits
 * summing to 9 for `+`, equal digits for `-`) or is uniform: the lowest column starts a chain
 * with odds 1/2, each later one passes it on with odds 3/4 and starts a new one otherwise half of
 * the time. Digits of the longer operand above the shorter one pass the chain on (9 for `+`, 0
 * for `-`, where the longer operand's top digit stays non-zero) with odds 3/4. For `-` the longer
 * operand is built on the left, so the chain is the one of the larger minus the smaller. Operands
 * then swap places with odds 1/2. Leading zeros are dropped.
 */
export function sampleChainPair(random: Random, digits: number, operator: Operator): [string, string] {
  checkRandom(random);
  checkDigits(digits);
  if (operator !== '+' && operator !== '-' && operator !== '*') {
    throw new InvalidArgumentError(`operator must be "+", "-" or "*", got ${describeValue(operator)}`);
  }
  const borrow = operator === '-';
  let leftLength = 1 + random.integer(digits);
  let rightLength = 1 + random.integer(digits);
  // Subtraction chains are built for the larger minus the smaller: keep the longer one left.
  if (borrow && rightLength > leftLength) [leftLength, rightLength] = [rightLength, leftLength];
  const left: number[] = [];
  for (let i = 0; i < leftLength; i += 1) left.push(random.integer(10));
  const right: number[] = [];
  const shared = Math.min(leftLength, rightLength);
  for (let i = 0; i < rightLength; i += 1) {
    const roll = random.integer(8);
    if (i >= shared) {
      right.push(roll < 6 ? (borrow ? 0 : 9) : random.integer(10));
    } else if (i > 0 && roll < 6) {
      right.push(borrow ? left[i]! : 9 - left[i]!); // passes an incoming carry or borrow on
    } else if (roll % 2 === 0) {
      right.push(startChain(random, left, i, borrow)); // carries or borrows by itself
    } else {
      right.push(random.integer(10));
    }
  }
  for (let i = shared; i < leftLength; i += 1) {
    // A borrow passes through zeros, but the top digit stays non-zero (10000-1, not 0000-1).
    if (borrow && i === leftLength - 1) left[i] = 1 + random.integer(9);
    else if (random.integer(4) < 3) left[i] = borrow ? 0 : 9;
  }
  const text = (values: number[]) => values.slice().reverse().join('').replace(/^0+(?=\d)/, '');
  const pair: [string, string] = [text(left), text(right)];
  return random.integer(2) === 0 ? pair : [pair[1], pair[0]];
}

/** Picks the right digit of column `i` so the column carries (a + b >= 10) or borrows (a < b). */
function startChain(random: Random, left: number[], i: number, borrow: boolean): number {
  if (borrow) {
    if (left[i] === 9) left[i] = random.integer(9);
    const a = left[i]!;
    return a + 1 + random.integer(9 - a);
  }
  if (left[i] === 0) left[i] = 1 + random.integer(9);
  const a = left[i]!;
  return 10 - a + random.integer(a);
}

/**
 * The longest run of consecutive columns that carry (`+`) or borrow (`-`, when the left operand
 * is at least the right) in schoolbook arithmetic on two decimal strings.
 */
export function longestCarryChain(left: string, right: string, operator: '+' | '-' = '+'): number {
  for (const [name, value] of [['left', left], ['right', right]] as const) {
    if (typeof value !== 'string' || !/^\d+$/.test(value)) {
      throw new InvalidArgumentError(`${name} must be a string of decimal digits, got ${describeValue(value)}`);
    }
  }
  if (operator !== '+' && operator !== '-') throw new InvalidArgumentError(`operator must be "+" or "-", got ${describeValue(operator)}`);
  let carry = 0;
  let run = 0;
  let longest = 0;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    const a = Number(left[left.length - 1 - i] ?? '0');
    const b = Number(right[right.length - 1 - i] ?? '0');
    carry = operator === '+' ? (a + b + carry >= 10 ? 1 : 0) : a - b - carry < 0 ? 1 : 0;
    run = carry === 1 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
