import { InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { ArithmeticDataset } from './arithmetic-dataset.js';
import { REPLAY_CAPACITY, type TrainStream, type TrainStreamState } from './train-stream.js';

describe('TrainStream replay (hard-example replay)', () => {
  it('gives a share of each batch to the questions recorded wrong, each once, until they are right', () => {
    const dataset = new ArithmeticDataset({ seed: 4 });
    const stream = dataset.trainStream({ batchSize: 32, replayFraction: 0.25 });
    // Nothing recorded yet: the batch is all fresh questions, the same as a stream without replay.
    const first = stream.next();
    expect(first.questions).toEqual(new ArithmeticDataset({ seed: 4 }).trainStream({ batchSize: 32 }).next().questions);
    const wrong = [1, 5, 6, 9, 10, 20, 21, 30, 31, 2];
    stream.recordWrong(wrong);
    expect(stream.waiting).toBe(10);
    // 8 rows of 32 go to replays: 8 of the 10, picked at random, and 2 wait for the next batch.
    const second = stream.next();
    const replayed = second.questions.slice(0, 8);
    expect(new Set(replayed).size).toBe(8);
    for (const question of replayed) expect(wrong.map((row) => first.questions[row])).toContain(question);
    // Each replayed question keeps its exact answer, as its row in the encoded batch says.
    for (let row = 0; row < 8; row += 1) expect(second.answers[row]).toBe(dataset.codec.solve(second.questions[row]!));
    expect(stream.waiting).toBe(2);
    // Right this time: nothing recorded; the last 2 come next, then fresh questions only.
    stream.recordWrong([]);
    const third = stream.next();
    expect(new Set(third.questions.slice(0, 2))).toEqual(new Set(wrong.map((row) => first.questions[row]).filter((q) => !replayed.includes(q!))));
    expect(stream.waiting).toBe(0);
    // A replayed question wrong again comes back.
    stream.recordWrong([0]);
    expect(stream.next().questions[0]).toBe(third.questions[0]);
  });

  it('saves what waits with its state and resumes to the same batches', () => {
    const make = (state?: TrainStreamState): TrainStream => new ArithmeticDataset({ seed: 9 }).trainStream({ batchSize: 16, replayFraction: 0.5, ...(state ? { state } : {}) });
    const stream = make();
    for (let i = 0; i < 5; i += 1) {
      stream.next();
      stream.recordWrong([0, 3, 7, 11, 12, 13, 15]);
    }
    const state = JSON.parse(JSON.stringify(stream.state()));
    expect(state.replay).toHaveLength(stream.waiting);
    expect(state.replay[0]).toEqual({ question: expect.any(String), answer: expect.any(String) });
    const resumed = make(state);
    for (let i = 0; i < 3; i += 1) {
      const expected = stream.next().questions;
      expect(resumed.next().questions).toEqual(expected);
      stream.recordWrong([1, 2]);
      resumed.recordWrong([1, 2]);
    }
    expect(resumed.state()).toEqual(stream.state());
  });

  it('keeps the newest wrong questions up to its capacity, and none without replay', () => {
    const stream = new ArithmeticDataset({ seed: 2 }).trainStream({ batchSize: 64, replayFraction: 0.01 });
    expect(stream.next().size).toBe(64);
    const rows = Array.from({ length: 64 }, (_, row) => row);
    let newest: string[] = [];
    for (let i = 0; i < REPLAY_CAPACITY / 64 + 3; i += 1) {
      newest = stream.next().questions;
      stream.recordWrong(rows);
    }
    expect(stream.waiting).toBeLessThanOrEqual(REPLAY_CAPACITY);
    expect(stream.waiting).toBeGreaterThan(REPLAY_CAPACITY - 64);
    expect(stream.state().replay!.slice(-64).map(({ question }) => question)).toEqual(newest);
    const plain = new ArithmeticDataset({ seed: 2 }).trainStream({ batchSize: 8 });
    plain.next();
    plain.recordWrong([0, 1]);
    expect(plain.waiting).toBe(0);
    expect(plain.state()).not.toHaveProperty('replay');
  });

  it('refuses a replay share outside 0 to below 1, and a saved replay list that is not one', () => {
    const dataset = new ArithmeticDataset({ seed: 1 });
    for (const replayFraction of [-0.1, 1, Number.NaN, '0.1']) {
      const call = () => dataset.trainStream({ batchSize: 8, replayFraction: replayFraction as number });
      expect(call).toThrow(InvalidOptionError);
      expect(call).toThrow(/^replayFraction must be a number from 0 to below 1, got /);
    }
    const state = { ...dataset.trainStream({ batchSize: 8 }).state(), replay: [{ question: '1+1' }] };
    expect(() => dataset.trainStream({ batchSize: 8, replayFraction: 0.1, state: state as never })).toThrow(
      'state.replay must be a list of { question, answer } strings, got [{"question":"1+1"}]',
    );
  });
});
