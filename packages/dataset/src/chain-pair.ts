import { InvalidArgumentError, operatorTasks, type Operator } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import { checkDigits, checkRandom, type Random } from './random.js';

/**
 * Draws two operands that line up into what `operator` finds hardest, as its descriptor says:
 * long carry chains for `+` and `*`, borrow chains for `-` (99999+1, 49999+50001, 10000-1), the
 * kind of question the Keras operand distribution almost never asks and a trained adder most
 * often gets wrong.
 */
export function sampleChainPair(random: Random, digits: number, operator: Operator): [string, string] {
  checkRandom(random);
  checkDigits(digits);
  const task = operatorTasks().find((candidate) => candidate.symbol === operator);
  if (task === undefined) {
    throw new InvalidArgumentError(`operator must be ${listEither(operatorTasks().map((candidate) => `"${candidate.symbol}"`))}, got ${describeValue(operator)}`);
  }
  return task.drawChainPair(random, digits);
}

/** `"+", "-" or "*"`. */
function listEither(choices: readonly string[]): string {
  return choices.length < 2 ? choices.join('') : `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
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
