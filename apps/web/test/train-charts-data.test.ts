import { InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { formatCount, niceTicks, thinPoints, type Point } from '../src/line-chart.js';
import { LossAverage } from '../src/loss-average.js';

describe('LossAverage', () => {
  it('starts at the first loss (bias-corrected), not pulled toward 0', () => {
    const average = new LossAverage(0.9);
    expect(average.value).toBeNaN();
    expect(average.add(2)).toBeCloseTo(2, 12);
    expect(average.add(2)).toBeCloseTo(2, 12);
  });

  it('weighs recent losses more, by the smoothing factor', () => {
    const average = new LossAverage(0.5);
    average.add(4);
    // (0.5 * 0.5 * 4 + 0.5 * 1) / (0.5 * 0.5 + 0.5) = 1.5 / 0.75
    expect(average.add(1)).toBeCloseTo(2, 12);
    for (let batch = 0; batch < 60; batch += 1) average.add(0.25);
    expect(average.value).toBeCloseTo(0.25, 9);
  });

  it('skips a non-finite loss', () => {
    const average = new LossAverage();
    average.add(1);
    expect(average.add(Number.NaN)).toBe(1);
    expect(average.add(Number.POSITIVE_INFINITY)).toBe(1);
  });

  it('refuses a smoothing outside 0 to below 1 with a coded error naming it', () => {
    expect(() => new LossAverage(1)).toThrow(InvalidOptionError);
    expect(() => new LossAverage(-0.1)).toThrow('smoothing must be a number from 0 to below 1, got -0.1');
  });
});

describe('chart helpers', () => {
  it('puts x ticks a 1-2-5 step apart from 0 to the largest value', () => {
    expect(niceTicks(10_000)).toEqual([0, 5000, 10_000]);
    expect(niceTicks(2048)).toEqual([0, 1000, 2000]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(0)).toEqual([0]);
  });

  it('labels counts of examples compactly', () => {
    expect(formatCount(500)).toBe('500');
    expect(formatCount(2500)).toBe('2.5K');
    expect(formatCount(1_200_000)).toBe('1.2M');
  });

  it('thins a long series to at most the limit, keeping its first and last point', () => {
    const points: Point[] = Array.from({ length: 2501 }, (_, index) => ({ x: index, y: index }));
    const thinned = thinPoints(points, 1000);
    expect(thinned.length).toBeLessThanOrEqual(1000);
    expect(thinned.length).toBeGreaterThan(500);
    expect(thinned[0]).toBe(points[0]);
    expect(thinned[thinned.length - 1]).toBe(points[2500]);
    expect(thinPoints(points.slice(0, 10), 1000)).toHaveLength(10);
  });
});
