import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors.js';
import { checkSeed, MAX_SEED } from './seed.js';

describe('checkSeed', () => {
  it('accepts every unsigned 32-bit integer', () => {
    expect(MAX_SEED).toBe(2 ** 32 - 1);
    for (const seed of [0, 1, 2 ** 31 - 1, 2 ** 31, 3_000_000_000, MAX_SEED]) expect(checkSeed(seed)).toBe(seed);
  });

  it('refuses anything else, naming the option and the value', () => {
    const cases: [unknown, string][] = [
      [-1, 'seed must be an integer from 0 to 4294967295, got -1'],
      [2 ** 32, 'seed must be an integer from 0 to 4294967295, got 4294967296'],
      [1.5, 'seed must be an integer from 0 to 4294967295, got 1.5'],
      [Number.NaN, 'seed must be an integer from 0 to 4294967295, got NaN'],
      ['7', 'seed must be an integer from 0 to 4294967295, got "7"'],
      [undefined, 'seed must be an integer from 0 to 4294967295, got undefined'],
    ];
    for (const [value, message] of cases) {
      expect(() => checkSeed(value)).toThrow(InvalidOptionError);
      expect(() => checkSeed(value)).toThrow(message);
    }
    expect(() => checkSeed(-2, 'options.seed')).toThrow('options.seed must be an integer from 0 to 4294967295, got -2');
  });
});
