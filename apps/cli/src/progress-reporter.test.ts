import { describe, expect, it } from 'vitest';
import { ProgressReporter, type BatchProgress } from './progress-reporter.js';

function fakeStream(columns?: number) {
  const writes: string[] = [];
  const stream = { write: (text: string) => writes.push(text), columns } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

const batch = (index: number, batchesPerEpoch = 100): BatchProgress => ({
  epoch: 1,
  epochs: 3,
  batch: index,
  batchesPerEpoch,
  batchSize: 32,
  loss: 1,
  samplesPerSecond: 320,
});

describe('ProgressReporter', () => {
  it('without a terminal writes a plain line every 10% at most every 5 seconds', () => {
    const { stream, writes } = fakeStream();
    let time = 0;
    const reporter = new ProgressReporter(stream, false, () => time);
    for (let index = 1; index <= 100; index += 1) {
      time += 1_000; // one batch a second: every 10% is 10 seconds apart
      reporter.update(batch(index));
    }
    expect(writes).toHaveLength(9); // 10% .. 90%; the epoch summary reports 100%
    expect(writes[0]).toBe('  epoch 1/3: 10%  320/3,200  320 ex/s  loss 1.0000  ETA 9s\n');
    expect(writes.every((line) => !line.includes('\r'))).toBe(true);
  });

  it('without a terminal stays quiet for a fast epoch', () => {
    const { stream, writes } = fakeStream();
    let time = 0;
    const reporter = new ProgressReporter(stream, false, () => time);
    for (let index = 1; index <= 100; index += 1) {
      time += 10;
      reporter.update(batch(index));
    }
    expect(writes).toEqual([]);
  });

  it('on a terminal redraws one line at most ten times a second and clears it', () => {
    const { stream, writes } = fakeStream(60);
    let time = 0;
    const reporter = new ProgressReporter(stream, true, () => time);
    for (let index = 1; index <= 100; index += 1) {
      time += 20;
      reporter.update(batch(index));
    }
    expect(writes.length).toBeGreaterThan(15);
    expect(writes.length).toBeLessThan(25);
    for (const write of writes) {
      expect(write.startsWith('\r')).toBe(true);
      expect(write.replace('\r', '').replace('\x1b[K', '').length).toBeLessThan(60);
    }
    expect(writes[writes.length - 1]).toContain('100%');
    reporter.clear();
    expect(writes[writes.length - 1]).toBe('\r\x1b[K');
    reporter.clear();
    expect(writes[writes.length - 1]).toBe('\r\x1b[K');
  });
});
