import { InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { checkBatchSize, MAX_BATCH_SIZE } from './batch-size.js';

describe('checkBatchSize', () => {
  it('takes integers from 1 to MAX_BATCH_SIZE and names the option otherwise', () => {
    expect(MAX_BATCH_SIZE).toBe(65_536);
    for (const size of [1, 32, MAX_BATCH_SIZE]) expect(checkBatchSize(size)).toBe(size);
    const cases: [unknown, string][] = [
      [0, 'batchSize must be an integer from 1 to 65536, got 0'],
      [MAX_BATCH_SIZE + 1, 'batchSize must be an integer from 1 to 65536, got 65537'],
      [1.5, 'batchSize must be an integer from 1 to 65536, got 1.5'],
      ['32', 'batchSize must be an integer from 1 to 65536, got "32"'],
    ];
    for (const [value, message] of cases) {
      expect(() => checkBatchSize(value)).toThrow(InvalidOptionError);
      expect(() => checkBatchSize(value)).toThrow(message);
    }
    expect(() => checkBatchSize(0, 'options.batchSize')).toThrow(/^options\.batchSize must be/);
  });
});
