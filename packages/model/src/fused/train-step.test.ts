import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFusedGradients, createFusedTrainStep, FusedUnsupportedError, readFusedModelSpec } from './index.js';
import type { GateActivation } from './index.js';

const QUESTION = 11;
const VOCAB = 12;
const ANSWER = 6;

/** The seed's layout, built here with stock tf.layers so the test does not depend on createModel. */
function stockModel(units: number, gateActivation: GateActivation, seed = 7): tf.LayersModel {
  const init = (offset: number) => ({
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + offset }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + offset + 1 }),
  });
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units, inputShape: [QUESTION, VOCAB], recurrentActivation: gateActivation, unitForgetBias: true, ...init(0) }));
  model.add(tf.layers.repeatVector({ n: ANSWER }));
  model.add(tf.layers.lstm({ units, returnSequences: true, recurrentActivation: gateActivation, unitForgetBias: true, ...init(2) }));
  model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: VOCAB, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 4 }) }) }));
  return model;
}

function oneHotBatch(batch: number, length: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.oneHot(tf.randomUniformInt([batch, length], 0, VOCAB, seed), VOCAB).toFloat() as tf.Tensor3D);
}

function stockLoss(model: tf.LayersModel, inputs: tf.Tensor3D, targets: tf.Tensor3D): tf.Scalar {
  return tf.mean(tf.metrics.categoricalCrossentropy(targets, model.apply(inputs, { training: true }) as tf.Tensor3D)) as tf.Scalar;
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** max |a - b| / max(1e-3, max |b|): error relative to the tensor's scale. */
function scaledDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    const scale = Math.max(1e-3, tf.max(tf.abs(b)).dataSync()[0]!);
    return diff / scale;
  });
}

const TOLERANCE = 2e-5;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused train step on ${backend}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
      await tf.ready();
    });

    for (const gateActivation of ['sigmoid', 'hardSigmoid'] as const) {
      it(`computes the stock loss and gradients (${gateActivation} gates)`, () => {
        const model = stockModel(32, gateActivation);
        const inputs = oneHotBatch(5, QUESTION, 1);
        const targets = oneHotBatch(5, ANSWER, 2);
        const variables = trainableVariables(model);
        const stock = tf.variableGrads(() => stockLoss(model, inputs, targets), variables);
        const fused = computeFusedGradients(readFusedModelSpec(model), inputs, targets);

        expect(Math.abs(fused.loss.dataSync()[0]! - stock.value.dataSync()[0]!)).toBeLessThan(1e-5);
        expect(Object.keys(fused.grads)).toEqual(variables.map((v) => v.name));
        for (const variable of variables) {
          expect(fused.grads[variable.name]!.shape).toEqual(variable.shape);
          expect(scaledDifference(fused.grads[variable.name]!, stock.grads[variable.name]!), variable.name).toBeLessThan(TOLERANCE);
        }
        const probabilities = model.predict(inputs) as tf.Tensor3D;
        expect(Array.from(fused.predicted.dataSync())).toEqual(Array.from(tf.argMax(probabilities, 2).dataSync()));
        expect(fused.predicted.dtype).toBe('int32');
        tf.dispose([stock.value, Object.values(stock.grads), fused.loss, fused.predicted, Object.values(fused.grads), inputs, targets, probabilities]);
        model.dispose();
      });
    }

    it('matches the stock weights after a few Adam steps, with clipping', () => {
      const stock = stockModel(48, 'sigmoid', 11);
      const fusedModel = stockModel(48, 'sigmoid', 99);
      fusedModel.setWeights(stock.getWeights());
      const stockOptimizer = tf.train.adam(1e-2);
      const fusedOptimizer = tf.train.adam(1e-2);
      const clipNorm = 0.5;
      const step = createFusedTrainStep(fusedModel, { optimizer: fusedOptimizer, clipNorm });
      const variables = trainableVariables(stock);
      for (let s = 0; s < 4; s++) {
        const inputs = oneHotBatch(8, QUESTION, 10 + s);
        const targets = oneHotBatch(8, ANSWER, 20 + s);
        const stockValue = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => stockLoss(stock, inputs, targets), variables);
          const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
          const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
          const clipped: tf.NamedTensorMap = {};
          for (const v of variables) clipped[v.name] = tf.mul(grads[v.name]!, scale);
          stockOptimizer.applyGradients(Object.entries(clipped).map(([name, tensor]) => ({ name, tensor })));
          return value.dataSync()[0]!;
        });
        const { loss, predicted } = step(inputs, targets);
        expect(Math.abs(loss.dataSync()[0]! - stockValue)).toBeLessThan(1e-5);
        tf.dispose([loss, predicted, inputs, targets]);
      }
      const stockWeights = stock.getWeights();
      const fusedWeights = fusedModel.getWeights();
      stockWeights.forEach((w, k) => expect(scaledDifference(fusedWeights[k]!, w)).toBeLessThan(1e-4));
      stock.dispose();
      fusedModel.dispose();
      stockOptimizer.dispose();
      fusedOptimizer.dispose();
    });

    it('leaks no tensors across steps', () => {
      const model = stockModel(16, 'sigmoid');
      const optimizer = tf.train.adam(1e-3);
      const step = createFusedTrainStep(model, { optimizer, clipNorm: 1 });
      const inputs = oneHotBatch(4, QUESTION, 3);
      const targets = oneHotBatch(4, ANSWER, 4);
      const run = () => tf.dispose(Object.values(step(inputs, targets)));
      run(); // the optimizer creates its slots on the first step
      const before = tf.memory().numTensors;
      for (let s = 0; s < 3; s++) run();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([inputs, targets]);
      optimizer.dispose();
      model.dispose();
    });
  });
}

describe('readFusedModelSpec', () => {
  it('rejects other architectures with a reason', () => {
    const model = tf.sequential();
    model.add(tf.layers.gru({ units: 8, inputShape: [QUESTION, VOCAB] }));
    model.add(tf.layers.repeatVector({ n: ANSWER }));
    model.add(tf.layers.gru({ units: 8, returnSequences: true }));
    model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: VOCAB, activation: 'softmax' }) }));
    expect(() => readFusedModelSpec(model)).toThrow(FusedUnsupportedError);
    expect(() => readFusedModelSpec(model)).toThrow(/GRU -> RepeatVector -> GRU/);
    model.dispose();
  });

  it('rejects dropout', () => {
    const model = tf.sequential();
    model.add(tf.layers.lstm({ units: 8, inputShape: [QUESTION, VOCAB], dropout: 0.1 }));
    model.add(tf.layers.repeatVector({ n: ANSWER }));
    model.add(tf.layers.lstm({ units: 8, returnSequences: true }));
    model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: VOCAB, activation: 'softmax' }) }));
    expect(() => readFusedModelSpec(model)).toThrow(/encoder LSTM has dropout/);
    model.dispose();
  });
});
