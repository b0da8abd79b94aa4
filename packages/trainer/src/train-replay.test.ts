import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Codec, InvalidOptionError } from '@addrnn/codec';
import { ArithmeticDataset } from '@addrnn/dataset';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrainerState } from './checkpoint.js';
import type { TrainOptions } from './options.js';
import { train } from './train.js';

const tiny: TrainOptions = {
  preset: 'keras',
  task: { digits: 2 },
  model: { hiddenSize: 16 },
  batchSize: 16,
  epochs: 4,
  examplesPerEpoch: 64,
  learningRate: 0.01,
  validationSize: 20,
  backend: 'cpu',
  replayFraction: 0.25,
};

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'addrnn-replay-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function weightsOf(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (weight) => Array.from(await weight.data())));
}

describe('train with replayFraction (hard-example replay)', () => {
  it('keeps the training questions it got wrong, with their answers, in the checkpoint, and trains on them', { timeout: 60_000 }, async () => {
    const before = tf.memory().numTensors;
    const replaying = await train({ ...tiny, outDir });
    const state = JSON.parse(await readFile(join(outDir, 'latest', 'trainer-state.json'), 'utf8')) as TrainerState;
    expect(state.options.replayFraction).toBe(0.25);
    // A model this small gets most 2-digit sums wrong after 256 examples: some wait for replay.
    const waiting = state.stream.replay ?? [];
    expect(waiting.length).toBeGreaterThan(0);
    const codec = new Codec({ digits: 2, reverseAnswer: false });
    const dataset = new ArithmeticDataset({ codec, seed: 1 });
    for (const { question, answer } of waiting) {
      expect(codec.solve(question)).toBe(answer);
      expect(dataset.splitOf(question)).toBe('train');
    }
    // The replays change what it trains on: other weights than the same run without them.
    const plain = await train({ ...tiny, replayFraction: 0 });
    expect(await weightsOf(replaying.model)).not.toEqual(await weightsOf(plain.model));
    replaying.model.dispose();
    plain.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes to the weights of an uninterrupted run, the questions waiting for replay included', { timeout: 60_000 }, async () => {
    const straight = await train({ ...tiny });
    const straightWeights = await weightsOf(straight.model);
    straight.model.dispose();
    (await train({ ...tiny, epochs: 2, outDir })).model.dispose();
    const resumed = await train({ epochs: 4, outDir, resume: true });
    expect(await weightsOf(resumed.model)).toEqual(straightWeights);
    resumed.model.dispose();
  });

  it('refuses a share outside 0 to below 1 with a coded error naming it', async () => {
    for (const replayFraction of [1, -0.5, Number.NaN]) {
      const run = train({ ...tiny, replayFraction });
      await expect(run).rejects.toThrow(InvalidOptionError);
      await expect(train({ ...tiny, replayFraction })).rejects.toThrow(`replayFraction must be a number from 0 to below 1, got ${replayFraction}`);
    }
  });
});
