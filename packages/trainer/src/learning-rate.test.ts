import { describe, expect, it } from 'vitest';
import { learningRateAt } from './learning-rate.js';

describe('learningRateAt', () => {
  it('is constant without learningRateFinal', () => {
    expect(learningRateAt(0, { learningRate: 0.001, decayExamples: 100 })).toBe(0.001);
    expect(learningRateAt(1e9, { learningRate: 0.001, decayExamples: 100 })).toBe(0.001);
  });

  it('decays exponentially from learningRate to learningRateFinal over decayExamples', () => {
    const schedule = { learningRate: 0.01, learningRateFinal: 0.0001, decayExamples: 1000 };
    expect(learningRateAt(0, schedule)).toBe(0.01);
    expect(learningRateAt(500, schedule)).toBeCloseTo(0.001, 12); // geometric mean halfway
    expect(learningRateAt(250, schedule)).toBeCloseTo(0.01 * 0.01 ** 0.25, 12);
    expect(learningRateAt(1000, schedule)).toBeCloseTo(0.0001, 12);
  });

  it('stays at learningRateFinal after decayExamples', () => {
    const schedule = { learningRate: 0.01, learningRateFinal: 0.001, decayExamples: 1000 };
    expect(learningRateAt(5000, schedule)).toBeCloseTo(0.001, 12);
  });

  it('can also rise (a warm restart to a larger rate)', () => {
    const schedule = { learningRate: 0.001, learningRateFinal: 0.004, decayExamples: 100 };
    expect(learningRateAt(50, schedule)).toBeCloseTo(0.002, 12);
  });
});

describe('learningRateAt with warm-up and cosine decay', () => {
  it('rises linearly over warmupExamples, then decays over the rest of decayExamples', () => {
    const schedule = { learningRate: 0.002, learningRateFinal: 0.00002, decayExamples: 1100, warmupExamples: 100 };
    expect(learningRateAt(0, schedule)).toBeCloseTo(0.002 / 100, 15);
    expect(learningRateAt(49, schedule)).toBeCloseTo(0.001, 15);
    expect(learningRateAt(100, schedule)).toBe(0.002);
    // Exponential over the 1,000 examples after the warm-up: halfway is the geometric mean.
    expect(learningRateAt(600, schedule)).toBeCloseTo(0.0002, 12);
    expect(learningRateAt(1100, schedule)).toBeCloseTo(0.00002, 12);
    expect(learningRateAt(9999, schedule)).toBeCloseTo(0.00002, 12);
  });

  it('follows a half cosine to learningRateFinal, or to 0 when it is unset', () => {
    const schedule = { learningRate: 0.003, learningRateFinal: 0.0001, decayExamples: 1000, learningRateDecay: 'cosine' as const };
    expect(learningRateAt(0, schedule)).toBe(0.003);
    expect(learningRateAt(500, schedule)).toBeCloseTo((0.003 + 0.0001) / 2, 12); // halfway: the mean
    expect(learningRateAt(250, schedule)).toBeCloseTo(0.0001 + 0.0029 * (1 + Math.SQRT1_2) / 2, 12);
    expect(learningRateAt(1000, schedule)).toBeCloseTo(0.0001, 12);
    const toZero = { learningRate: 0.003, decayExamples: 1000, learningRateDecay: 'cosine' as const };
    expect(learningRateAt(500, toZero)).toBeCloseTo(0.0015, 12);
    expect(learningRateAt(1000, toZero)).toBe(0);
  });

  it('keeps a constant rate after a warm-up when nothing decays', () => {
    const schedule = { learningRate: 0.001, decayExamples: 1000, warmupExamples: 10 };
    expect(learningRateAt(4, schedule)).toBeCloseTo(0.0005, 15);
    expect(learningRateAt(10, schedule)).toBe(0.001);
    expect(learningRateAt(5000, schedule)).toBe(0.001);
  });
});
