import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropyFromLogits, modelLogits } from '../loss.js';
import { computeFusedGradients, readFusedModelSpec } from '../fused/index.js';
import { EncoderDecoderNetwork } from '../kernel/encoder-decoder-network.js';
import { instantiateKernel } from '../kernel/kernel-module.js';
import type { EncoderDecoderDescription } from '../kernel/model-description.js';
import { describeKernelModel } from './describe-model.js';
import { readWeights, relativeError } from './kernel-test-helpers.js';

const QUESTION = 11;
const VOCAB = 12;
const ANSWER = 6;

function stockModel(units: number, seed = 7, decoderUnits = units): tf.LayersModel {
  const init = (offset: number) => ({
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + offset }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + offset + 1 }),
  });
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units, inputShape: [QUESTION, VOCAB], recurrentActivation: 'sigmoid', unitForgetBias: true, ...init(0) }));
  model.add(tf.layers.repeatVector({ n: ANSWER }));
  model.add(tf.layers.lstm({ units: decoderUnits, returnSequences: true, recurrentActivation: 'sigmoid', unitForgetBias: true, ...init(2) }));
  model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: VOCAB, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 4 }) }) }));
  return model;
}

function oneHotBatch(batch: number, length: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.oneHot(tf.randomUniformInt([batch, length], 0, VOCAB, seed), VOCAB).toFloat() as tf.Tensor3D);
}

describe('the encoder-decoder network of the kernel', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  for (const [units, decoderUnits, batch] of [[32, 32, 5], [20, 13, 7]] as const) {
    it(`match autodiff of the exact loss (units ${units}/${decoderUnits}, batch ${batch})`, () => {
      const model = stockModel(units, 7, decoderUnits);
      const inputs = oneHotBatch(batch, QUESTION, 1);
      const targets = oneHotBatch(batch, ANSWER, 2);
      const km = describeKernelModel(model);
      const kernel = new EncoderDecoderNetwork(km.description as EncoderDecoderDescription, instantiateKernel(), 2);
      readWeights(km.variables, kernel.weights());
      const loss = kernel.compute(inputs.dataSync() as Float32Array, targets.dataSync() as Float32Array, batch);
      const stock = tf.variableGrads(() => crossEntropyFromLogits(targets, modelLogits(model, inputs, true)), km.variables);
      expect(Math.abs(loss - stock.value.dataSync()[0]!)).toBeLessThan(1e-5);
      const gradients = kernel.gradients();
      let offset = 0;
      for (const variable of km.variables) {
        const expected = stock.grads[variable.name]!.dataSync() as Float32Array;
        expect(relativeError(gradients.subarray(offset, offset + variable.size), expected), variable.name).toBeLessThan(1e-4);
        offset += variable.size;
      }
      const fused = computeFusedGradients(readFusedModelSpec(model), inputs, targets);
      expect(Array.from(kernel.predicted())).toEqual(Array.from(fused.predicted.dataSync()));
      tf.dispose([stock.value, Object.values(stock.grads), inputs, targets, fused.loss, fused.predicted, Object.values(fused.grads)]);
      model.dispose();
    });
  }
});
