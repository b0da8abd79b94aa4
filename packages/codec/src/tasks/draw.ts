import { describeValue } from '../describe-value.js';
import { InvalidArgumentError } from '../errors.js';
import { MAX_DIGITS } from '../digit-limits.js';
import type { DrawSource, OperandDistribution } from './operator-task.js';

/**
 * Throws InvalidArgumentError unless `source` can draw and `digits` is an operand length a codec
 * accepts. Cheap enough to run on every draw, so a descriptor's functions are safe to call directly.
 */
export function checkDrawArguments(source: unknown, digits: unknown): void {
  if (typeof source !== 'object' || source === null || typeof (source as DrawSource).integer !== 'function') {
    throw new InvalidArgumentError(`source must have an integer(maxExclusive) method, like a dataset's random generator, got ${describeValue(source)}`);
  }
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 1 || digits > MAX_DIGITS) {
    throw new InvalidArgumentError(`digits must be an integer from 1 to ${MAX_DIGITS}, got ${describeValue(digits)}`);
  }
}

/**
 * Draws one operand as a decimal string without leading zeros.
 * - `keras`: a length uniform in 1..digits, then that many uniform digits (as the Keras
 *   example does, so short numbers are not drowned out by long ones); the value then drops
 *   its leading zeros, exactly like Keras's `int(''.join(...))`.
 * - `uniform`: every value in 0..10^digits-1 equally likely.
 * @throws InvalidArgumentError on a source without `integer`, digits outside 1..15 or another distribution.
 */
export function drawOperand(source: DrawSource, digits: number, distribution: OperandDistribution): string {
  checkDrawArguments(source, digits);
  if (distribution !== 'keras' && distribution !== 'uniform') {
    throw new InvalidArgumentError(`distribution must be "keras" or "uniform", got ${describeValue(distribution)}`);
  }
  const length = distribution === 'keras' ? 1 + source.integer(digits) : digits;
  let text = '';
  for (let i = 0; i < length; i += 1) text += String(source.integer(10));
  return text.replace(/^0+(?=\d)/, '');
}

/** Two operands drawn independently, left first: how every built-in operator draws a question. */
export function drawOperandPair(source: DrawSource, digits: number, distribution: OperandDistribution): [string, string] {
  const left = drawOperand(source, digits, distribution);
  return [left, drawOperand(source, digits, distribution)];
}
