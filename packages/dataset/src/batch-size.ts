import { InvalidOptionError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';

/**
 * The most examples in one batch, for training streams and evaluation alike: the trainer and the
 * apps (`--batch-size`, the web form) read it from here instead of restating it.
 */
export const MAX_BATCH_SIZE = 65_536;

/** Returns `value` when it is an integer batch size from 1 to MAX_BATCH_SIZE; else throws InvalidOptionError naming `name`. */
export function checkBatchSize(value: unknown, name = 'batchSize'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_BATCH_SIZE) {
    throw new InvalidOptionError(`${name} must be an integer from 1 to ${MAX_BATCH_SIZE}, got ${describeValue(value)}`);
  }
  return value;
}
