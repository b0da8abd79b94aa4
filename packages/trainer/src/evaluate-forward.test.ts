// Validation on the kernel: the training step's forward pass (`TrainStep.arrays.evaluate`) gives
// the same predictions as the tfjs model with the same weights, a loss equal to float rounding,
// learns nothing, and makes no tensor. train() validates with it.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Codec } from '@addrnn/codec';
import { ArithmeticDataset, encodeWithLayout } from '@addrnn/dataset';
import { createModel, createTrainStep, getMetadata, modelFamily, type ModelFamily } from '@addrnn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictExamples } from './evaluate.js';
import { train } from './train.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

/** A small model trained for 300 kernel steps on 2-digit sums, the weights left in the kernel (not synced). */
function trained(family: ModelFamily) {
  const codec = new Codec({ digits: 2, reverseAnswer: true });
  const model = createModel({ codec, hiddenSize: 16, ...(family === 'aligned' ? { family } : {}) });
  const optimizer = tf.train.adam(0.02);
  const step = createTrainStep(model, { optimizer });
  const arrays = step.arrays!;
  const layout = modelFamily(getMetadata(model).architecture.family).layout(codec);
  const dataset = new ArithmeticDataset({ codec, seed: 3 });
  const stream = dataset.trainStream({ batchSize: 32, layout });
  for (let index = 0; index < 300; index += 1) {
    const batch = stream.next();
    arrays.step(batch.inputs, batch.targets, batch.size, 0.02);
  }
  return { codec, model, optimizer, step, arrays, layout, dataset, stream };
}

describe('validation on the kernel (TrainStep.arrays.evaluate)', () => {
  for (const family of ['seq2seq', 'aligned'] as const) {
    it(`${family}: the same predictions as the tfjs model with the same weights, the loss to 1e-5, no tensor made`, { timeout: 60_000 }, () => {
      const { codec, model, optimizer, arrays, dataset } = trained(family);
      expect(arrays.evaluate).toBeTypeOf('function');
      const examples = dataset.validationSet(100);
      const before = tf.memory().numTensors;
      // Odd batches leave chunks and rows over.
      const kernel = predictExamples(model, codec, examples, 37, arrays.evaluate);
      expect(tf.memory().numTensors).toBe(before);
      arrays.sync();
      const tfjs = predictExamples(model, codec, examples, 37);
      expect(kernel.predictions).toEqual(tfjs.predictions);
      expect(kernel.metrics.exactMatch).toBe(tfjs.metrics.exactMatch);
      expect(kernel.metrics.charAccuracy).toBe(tfjs.metrics.charAccuracy);
      expect(Math.abs(kernel.metrics.loss - tfjs.metrics.loss)).toBeLessThan(1e-5 * Math.max(1, tfjs.metrics.loss));
      // A model this briefly trained gets some right and some wrong: the comparison means something.
      expect(kernel.metrics.exactMatch).toBeGreaterThan(0);
      expect(kernel.metrics.exactMatch).toBeLessThan(1);
      model.dispose();
      optimizer.dispose();
    });
  }

  it('learns nothing: a step after an evaluation is the step without it', { timeout: 60_000 }, () => {
    const runs = [true, false].map((evaluates) => {
      const { model, optimizer, arrays, stream, dataset, layout } = trained('seq2seq');
      if (evaluates) {
        const batch = encodeWithLayout(layout, dataset.validationSet(64));
        arrays.evaluate!(batch.inputs, batch.targets, batch.size);
      }
      const next = stream.next();
      const { loss } = arrays.step(next.inputs, next.targets, next.size, 0.01);
      arrays.sync();
      const weights = model.getWeights().map((weight) => Array.from(weight.dataSync()));
      model.dispose();
      optimizer.dispose();
      return { loss, weights };
    });
    expect(runs[0]!.loss).toBe(runs[1]!.loss);
    expect(runs[0]!.weights).toEqual(runs[1]!.weights);
  });

  it('train() validates on the kernel: what it reports is what the tfjs model scores on the same questions', { timeout: 120_000 }, async () => {
    const codec = new Codec({ digits: 2, reverseAnswer: true });
    const evaluations: number[] = [];
    const result = await train({
      task: { digits: 2, reverseAnswer: true },
      model: { hiddenSize: 16 },
      batchSize: 32,
      epochs: 1,
      examplesPerEpoch: 3200,
      learningRate: 0.01,
      validationSize: 100,
      evaluateEvery: null,
      backend: 'wasm',
      threads: 2,
      seed: 4,
      callbacks: { onEvaluation: (event) => evaluations.push(event.validation.exactMatch) },
    });
    expect(evaluations).toHaveLength(1);
    // The same 100 validation questions, scored by the tfjs model the run returns.
    const examples = new ArithmeticDataset({ codec, seed: 4 }).validationSet(100);
    const tfjs = predictExamples(result.model, codec, examples, 512);
    expect(result.history[0]!.validation.exactMatch).toBe(tfjs.metrics.exactMatch);
    expect(evaluations[0]).toBe(tfjs.metrics.exactMatch);
    result.model.dispose();
  });
});
