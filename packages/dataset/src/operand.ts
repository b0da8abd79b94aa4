import { drawOperand, InvalidArgumentError, type OperandDistribution } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import { checkDigits, checkRandom, type Random } from './random.js';

/** How operands are drawn (see `drawOperand` of `@addrnn/codec`). */
export type Distribution = OperandDistribution;

/**
 * Draws one operand as a decimal string without leading zeros.
 * - `keras`: a length uniform in 1..digits, then that many uniform digits (as the Keras
 *   example does, so short numbers are not drowned out by long ones); the value then drops
 *   its leading zeros, exactly like Keras's `int(''.join(...))`.
 * - `uniform`: every value in 0..10^digits-1 equally likely.
 */
export function sampleOperand(random: Random, digits: number, distribution: Distribution): string {
  checkRandom(random);
  checkDigits(digits);
  if (distribution !== 'keras' && distribution !== 'uniform') {
    throw new InvalidArgumentError(`distribution must be "keras" or "uniform", got ${describeValue(distribution)}`);
  }
  return drawOperand(random, digits, distribution);
}
