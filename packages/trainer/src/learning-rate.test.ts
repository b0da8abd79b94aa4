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
