import { InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('gives the same sequence for the same seed and different ones for neighbouring seeds', () => {
    const first = createRandom(42);
    const second = createRandom(42);
    const neighbour = createRandom(43);
    const a = Array.from({ length: 5 }, () => first.next());
    expect(Array.from({ length: 5 }, () => second.next())).toEqual(a);
    expect(Array.from({ length: 5 }, () => neighbour.next())).not.toEqual(a);
  });

  it('is pinned to fixed values, so every machine and release draws the same examples', () => {
    const random = createRandom(1);
    const values = Array.from({ length: 4 }, () => random.integer(1_000_000));
    // Golden values: a change here changes every dataset drawn with seed 1.
    expect(values).toEqual(GOLDEN_SEED_1);
  });

  it('is roughly uniform', () => {
    const random = createRandom(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i += 1) counts[random.integer(10)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('resumes exactly from a saved state, also through JSON', () => {
    const random = createRandom(9);
    random.next();
    const state = JSON.parse(JSON.stringify(random.state()));
    const expected = Array.from({ length: 5 }, () => random.next());
    const resumed = createRandom(state);
    expect(Array.from({ length: 5 }, () => resumed.next())).toEqual(expected);
  });

  it('rejects bad seeds, states and bounds with the value in the message', () => {
    expect(() => createRandom(-1)).toThrow(InvalidOptionError);
    expect(() => createRandom(1.5)).toThrow('seed must be an integer from 0 to 4294967295, got 1.5');
    expect(() => createRandom({ a: 1, b: 2, c: 3 } as never)).toThrow(
      'random state must be an object { a, b, c, d } of 32-bit unsigned integers, got {"a":1,"b":2,"c":3}',
    );
    expect(() => createRandom(1).integer(0)).toThrow('maxExclusive must be an integer from 1 to 4294967296, got 0');
  });
});

const GOLDEN_SEED_1 = [263228, 603402, 701973, 223715];
