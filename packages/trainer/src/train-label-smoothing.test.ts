import * as tf from '@tensorflow/tfjs';
import { Codec, InvalidOptionError } from '@addrnn/codec';
import { ArithmeticDataset } from '@addrnn/dataset';
import { describe, expect, it } from 'vitest';
import { predictExamples } from './evaluate.js';
import { TargetSmoother } from './label-smoothing.js';
import type { TrainOptions } from './options.js';
import { train } from './train.js';

const tiny: TrainOptions = {
  preset: 'keras',
  task: { digits: 2 },
  model: { hiddenSize: 16 },
  batchSize: 16,
  epochs: 2,
  examplesPerEpoch: 320,
  learningRate: 0.01,
  validationSize: 40,
  backend: 'cpu',
  threads: 1,
};

describe('label smoothing (labelSmoothing)', () => {
  it('smooths each one-hot row to (1 - ε)·y + ε/classes and leaves rows without a target at zero', () => {
    const smoother = new TargetSmoother(0.1);
    const targets = new Float32Array([0, 1, 0, 0, /* no target: */ 0, 0, 0, 0, 1, 0, 0, 0]);
    const smoothed = Array.from(smoother.smooth(targets, 4));
    const f = Math.fround;
    expect(smoothed).toEqual([0.025, 0.925, 0.025, 0.025, 0, 0, 0, 0, 0.925, 0.025, 0.025, 0.025].map(f));
    // Its buffer is reused; the batch's own targets stay one-hot.
    expect(Array.from(targets.subarray(0, 4))).toEqual([0, 1, 0, 0]);
    expect(smoother.smooth(new Float32Array([1, 0]), 2)[0]).toBe(f(0.95));
  });

  it('trains other weights than plain targets; validation still reports the plain loss', { timeout: 60_000 }, async () => {
    const before = tf.memory().numTensors;
    const smoothed = await train({ ...tiny, labelSmoothing: 0.1 });
    const plain = await train(tiny);
    const weights = (model: tf.LayersModel) => model.getWeights().map((weight) => Array.from(weight.dataSync()));
    expect(weights(smoothed.model)).not.toEqual(weights(plain.model));
    // The reported validation loss is the plain cross-entropy of the model on the validation set.
    const codec = new Codec({ digits: 2 });
    const validation = new ArithmeticDataset({ codec, seed: 1 }).validationSet(40);
    const plainLoss = predictExamples(smoothed.model, codec, validation, 512).metrics.loss;
    expect(smoothed.history.at(-1)!.validation.loss).toBeCloseTo(plainLoss, 5);
    smoothed.model.dispose();
    plain.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses ε outside 0 to below 1 with a coded error naming the value', async () => {
    for (const labelSmoothing of [-0.1, 1, Number.NaN]) {
      const error = await train({ ...tiny, labelSmoothing }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as Error).message).toContain(`labelSmoothing must be a number from 0 to below 1, got ${String(labelSmoothing)}`);
    }
  });
});
