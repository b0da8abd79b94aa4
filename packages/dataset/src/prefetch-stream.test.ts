import { describe, expect, it } from 'vitest';
import { ArithmeticDataset } from './arithmetic-dataset.js';
import type { TrainStream, TrainStreamState } from './train-stream.js';

const make = (state?: TrainStreamState, replayFraction = 0): TrainStream =>
  new ArithmeticDataset({ seed: 21 }).trainStream({ batchSize: 16, carryFraction: 0.15, replayFraction, ...(state ? { state } : {}) });

describe('TrainStream.prefetch (drawing the next batch ahead)', () => {
  it('gives the same batches in the same order as a stream that never draws ahead', () => {
    const plain = make();
    const ahead = make();
    for (let i = 0; i < 6; i += 1) {
      // Drawing ahead once or twice before a batch is taken draws it once.
      if (i % 2 === 0) ahead.prefetch();
      if (i === 2) ahead.prefetch();
      const expected = plain.next();
      const got = ahead.next();
      expect(got.questions).toEqual(expected.questions);
      expect(Array.from(got.inputs)).toEqual(Array.from(expected.inputs));
      expect(Array.from(got.targets)).toEqual(Array.from(expected.targets));
    }
    expect(ahead.state()).toEqual(plain.state());
  });

  it('keeps its state before the batch drawn ahead, so a checkpoint taken then resumes to the same batches', () => {
    const stream = make();
    stream.next();
    stream.next();
    const before = JSON.parse(JSON.stringify(stream.state()));
    stream.prefetch();
    // A checkpoint saved now holds the position before the batch drawn ahead.
    const saved = JSON.parse(JSON.stringify(stream.state()));
    expect(saved).toEqual(before);
    expect(saved.batches).toBe(2);
    const pending = stream.next().questions;
    const resumed = make(saved);
    expect(resumed.next().questions).toEqual(pending);
    expect(resumed.next().questions).toEqual(stream.next().questions);
    expect(resumed.state()).toEqual(stream.state());
  });

  it('draws nothing ahead on a stream that replays: its next batch holds what is recorded wrong after this one', () => {
    const stream = make(undefined, 0.25);
    const first = stream.next();
    stream.prefetch();
    expect(stream.state().batches).toBe(1);
    stream.recordWrong([3]);
    expect(stream.next().questions[0]).toBe(first.questions[3]);
  });
});
