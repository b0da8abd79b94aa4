import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_INPUT_SIZE } from '@addrnn/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdder } from '../adder.js';
import { createModel } from '../create-model.js';
import { IncompatibleModelError } from '../errors.js';
import { getMetadata } from '../metadata.js';
import { loadModel, saveModel } from '../save-load.js';
import { describeKernelModel } from '../kernel-adapter/describe-model.js';
import { relativeError } from '../kernel-adapter/kernel-test-helpers.js';
import { AlignedForward } from './aligned-forward.js';
import { alignedInputSize, alignedVariables } from './aligned-model.js';
import { kernelBesideAutodiff, trainEachWay } from './aligned-test-helpers.js';

const MULTIPLY = { digits: 5, operators: ['*'] as '*'[] };

/** Bags of digit pairs as the product layout lays them out: small counts, [batch, steps, 100]. */
function bags(batch: number, steps: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.floor(tf.mul(tf.relu(tf.sub(tf.randomUniform([batch, steps, PRODUCT_INPUT_SIZE], 0, 1, 'float32', seed), 0.96)), 100)) as tf.Tensor3D);
}

function oneHot(batch: number, steps: number, classes: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => tf.oneHot(tf.randomUniformInt([batch, steps], 0, classes, seed), classes).toFloat() as tf.Tensor3D);
}

describe('the aligned model with an embedding (embeddingSize)', () => {
  let root: string;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    root = await mkdtemp(join(tmpdir(), 'addrnn-embedding-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is a Dense layer without bias before the LSTM, whose kernel comes last in kernel order', () => {
    const model = createModel({ family: 'aligned', codec: MULTIPLY, hiddenSize: 16, embeddingSize: 6, seed: 2 });
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(['Dense', 'LSTM', 'TimeDistributed']);
    const variables = alignedVariables(model)!;
    expect(variables.map((v) => v.shape)).toEqual([[6, 64], [16, 64], [64], [16, 10], [10], [PRODUCT_INPUT_SIZE, 6]]);
    expect(alignedInputSize(variables)).toBe(PRODUCT_INPUT_SIZE);
    const { description } = describeKernelModel(model);
    expect(description).toMatchObject({ network: 'aligned', inputSize: PRODUCT_INPUT_SIZE, embedding: 6, units: 16 });
    expect(description.parameters.map((p) => p.name)).toEqual(['lstm.kernel', 'lstm.recurrentKernel', 'lstm.bias', 'dense.kernel', 'dense.bias', 'embedding.kernel']);
    model.dispose();
  });

  for (const [units, embedding, batch, steps, chunk] of [[16, 4, 5, 7, 64], [12, 7, 70, 3, 32], [20, 8, 9, 2, 64]] as const) {
    it(`gradients match autodiff of the exact loss (units ${units}, embedding ${embedding}, batch ${batch}, steps ${steps}, chunks of ${chunk})`, () => {
      const model = createModel({ family: 'aligned', codec: MULTIPLY, hiddenSize: units, embeddingSize: embedding, seed: 3 });
      const inputs = bags(batch, steps, 1);
      const targets = oneHot(batch, steps, 10, 5);
      const { loss, stockLoss, gradients } = kernelBesideAutodiff(model, inputs, targets, chunk);
      expect(Math.abs(loss - stockLoss)).toBeLessThan(1e-5);
      for (const { name, kernel, stock } of gradients) {
        expect(Math.max(...Array.from(stock, Math.abs)), name).toBeGreaterThan(0);
        expect(relativeError(kernel, stock), name).toBeLessThan(1e-4);
      }
      tf.dispose([inputs, targets]);
      model.dispose();
    });
  }

  it('the forward pass gives the probabilities of model.predict, and leaks no tensors', () => {
    const model = createModel({ family: 'aligned', codec: MULTIPLY, hiddenSize: 16, embeddingSize: 5, seed: 4 });
    const before = tf.memory().numTensors;
    const forward = new AlignedForward(model);
    for (const [batch, steps] of [[3, 1], [2, 70], [300, 5]] as const) {
      const inputs = bags(batch, steps, 9);
      const expected = tf.tidy(() => (model.predict(inputs) as tf.Tensor).dataSync());
      const probabilities = forward.predict(inputs.dataSync() as Float32Array, batch, steps);
      expect(relativeError(probabilities, expected)).toBeLessThan(1e-5);
      inputs.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('createTrainStep trains it with the kernel, the same steps as layers autodiff', () => {
    const [batch, steps] = [6, 5];
    const results = trainEachWay(
      (implementation) => createModel({ family: 'aligned', codec: MULTIPLY, hiddenSize: 8, embeddingSize: 3, seed: 2, implementation }),
      () => [bags(batch, steps, 11), oneHot(batch, steps, 10, 12)],
    );
    expect(results.map((r) => r.implementation)).toEqual(['kernel', 'layers']);
    expect(results[0]!.losses[2]!).toBeLessThan(results[0]!.losses[0]!);
    results[0]!.losses.forEach((loss, i) => expect(Math.abs(loss - results[1]!.losses[i]!)).toBeLessThan(1e-4));
    results[0]!.weights.forEach((values, i) => expect(relativeError(values, results[1]!.weights[i]!)).toBeLessThan(1e-3));
  });

  it('saves and loads with its embedding in the metadata, answering as before; a metadata that disagrees is refused', async () => {
    const model = createModel({ family: 'aligned', codec: MULTIPLY, hiddenSize: 8, embeddingSize: 6, seed: 7 });
    expect(getMetadata(model).architecture).toMatchObject({ family: 'aligned', hiddenSize: 8, embeddingSize: 6 });
    const directory = join(root, 'saved');
    await saveModel(model, directory);
    const questions = ['12345*67890', '44444*88888', '7*9'];
    const before = await loadAdder(directory);
    const answers = before.predictBatch(questions);
    expect(answers.every((answer) => /^\d+$/.test(answer))).toBe(true);
    const loaded = await loadModel(directory);
    expect(alignedVariables(loaded.model)!.map((v) => Array.from(v.dataSync()))).toEqual(alignedVariables(model)!.map((v) => Array.from(v.dataSync())));
    loaded.model.dispose();
    before.dispose();
    model.dispose();

    const json = JSON.parse(await readFile(join(directory, 'model.json'), 'utf8'));
    for (const [embeddingSize, message] of [
      [4, 'has an embedding of 6 values before its recurrent layer, but its metadata gives embeddingSize 4'],
      [undefined, 'has an embedding of 6 values before its recurrent layer, but its metadata gives embeddingSize undefined'],
      [0, 'has an invalid architecture in its metadata: embeddingSize 0 (expected an integer from 1 to 1024, or none)'],
    ] as const) {
      const edited = join(root, `edited-${String(embeddingSize)}`);
      const fresh = createModel({ family: 'aligned', codec: MULTIPLY, hiddenSize: 8, embeddingSize: 6, seed: 7 });
      await saveModel(fresh, edited);
      fresh.dispose();
      const architecture = { ...json.userDefinedMetadata.architecture };
      if (embeddingSize === undefined) delete architecture.embeddingSize;
      else architecture.embeddingSize = embeddingSize;
      await writeFile(join(edited, 'model.json'), JSON.stringify({ ...json, userDefinedMetadata: { ...json.userDefinedMetadata, architecture } }));
      const tensors = tf.memory().numTensors;
      await expect(loadModel(edited)).rejects.toThrow(IncompatibleModelError);
      await expect(loadModel(edited)).rejects.toThrow(message);
      expect(tf.memory().numTensors).toBe(tensors);
    }
  }, 60_000);
});
