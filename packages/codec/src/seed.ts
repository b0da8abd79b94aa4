import { describeValue } from './describe-value.js';
import { InvalidOptionError } from './errors.js';

/**
 * The largest seed any addrnn function accepts: seeds are unsigned 32-bit integers
 * (0 to 4294967295) everywhere, for the dataset, the model's initialisers and the trainer.
 */
export const MAX_SEED = 0xffff_ffff;

/** Returns `value` when it is an integer seed from 0 to MAX_SEED; else throws InvalidOptionError naming `name`. */
export function checkSeed(value: unknown, name = 'seed'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw new InvalidOptionError(`${name} must be an integer from 0 to ${MAX_SEED}, got ${describeValue(value)}`);
  }
  return value;
}
