import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../create-model.js';
import { modelLogits } from '../loss.js';
import { relativeError } from '../kernel-adapter/kernel-test-helpers.js';
import { AlignedForward } from './aligned-forward.js';
import { kernelBesideAutodiff, trainEachWay } from './aligned-test-helpers.js';

function oneHot(batch: number, steps: number, classes: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.oneHot(tf.randomUniformInt([batch, steps], 0, classes, seed), classes).toFloat() as tf.Tensor3D);
}

/** Random digit columns: two one-hot digits per step, [batch, steps, 20]. */
function columns(batch: number, steps: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.concat([oneHot(batch, steps, 10, seed), oneHot(batch, steps, 10, seed + 1)], 2) as tf.Tensor3D);
}

describe('the aligned model in the kernel', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  for (const [units, batch, steps, chunk] of [[32, 5, 7, 64], [12, 9, 1, 64], [20, 70, 4, 32]] as const) {
    it(`gradients match autodiff of the exact loss (units ${units}, batch ${batch}, steps ${steps}, chunks of ${chunk})`, () => {
      const model = createModel({ family: 'aligned', codec: { digits: 10 }, hiddenSize: units, seed: 3 });
      const inputs = columns(batch, steps, 1);
      const targets = oneHot(batch, steps, 10, 5);
      const { network: kernel, loss, stockLoss, gradients } = kernelBesideAutodiff(model, inputs, targets, chunk);
      expect(Math.abs(loss - stockLoss)).toBeLessThan(1e-5);
      for (const { name, kernel: computed, stock } of gradients) expect(relativeError(computed, stock), name).toBeLessThan(1e-4);
      const argmax = tf.tidy(() => tf.argMax(modelLogits(model, inputs), -1).dataSync());
      expect(Array.from(kernel.predicted())).toEqual(Array.from(argmax));
      tf.dispose([inputs, targets]);
      model.dispose();
    });
  }

  it('the forward pass gives the probabilities of model.predict, for any number of steps', () => {
    const model = createModel({ family: 'aligned', codec: { digits: 10 }, hiddenSize: 16, seed: 4 });
    const before = tf.memory().numTensors;
    const forward = new AlignedForward(model);
    for (const [batch, steps] of [[3, 1], [2, 70], [300, 5]] as const) {
      const inputs = columns(batch, steps, 9);
      const expected = tf.tidy(() => (model.predict(inputs) as tf.Tensor).dataSync());
      const probabilities = forward.predict(inputs.dataSync() as Float32Array, batch, steps);
      expect(relativeError(probabilities, expected)).toBeLessThan(1e-5);
      inputs.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('createTrainStep trains an aligned model with the kernel, the same step as layers autodiff', () => {
    const batch = 6;
    const steps = 5;
    const results = trainEachWay(
      (implementation) => createModel({ family: 'aligned', codec: { digits: 10 }, hiddenSize: 8, seed: 2, implementation }),
      () => [columns(batch, steps, 11), oneHot(batch, steps, 10, 12)],
    );
    for (const { predictedShapes } of results) for (const shape of predictedShapes) expect(shape).toEqual([batch, steps]);
    expect(results.map((r) => r.implementation)).toEqual(['kernel', 'layers']);
    expect(results[0]!.losses[2]!).toBeLessThan(results[0]!.losses[0]!);
    results[0]!.losses.forEach((loss, i) => expect(Math.abs(loss - results[1]!.losses[i]!)).toBeLessThan(1e-4));
    results[0]!.weights.forEach((values, i) => expect(relativeError(values, results[1]!.weights[i]!)).toBeLessThan(1e-3));
  });
});
