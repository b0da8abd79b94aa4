import * as tf from '@tensorflow/tfjs';
import { ArithmeticDataset } from '@addrnn/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAdder } from '../adder.js';
import { useBackend } from '../backend.js';
import { createModel } from '../create-model.js';
import { createFusedTrainStep } from '../fused/index.js';
import { crossEntropyFromLogits, modelLogits } from '../loss.js';
import { EncoderDecoderNetwork } from '../kernel/encoder-decoder-network.js';
import { instantiateKernel } from '../kernel/kernel-module.js';
import type { EncoderDecoderDescription } from '../kernel/model-description.js';
import { createParallelTrainStep } from '../threads/parallel-train-step.js';
import { createTrainStep } from '../train-step.js';
import { describeKernelModel } from './describe-model.js';
import { createKernelTrainStep } from './kernel-train-step.js';
import { readWeights, relativeError } from './kernel-test-helpers.js';

beforeAll(async () => {
  await useBackend('wasm');
}, 60_000);

/** Real questions of the model's task, one-hot. */
function taskBatch(dataset: ArithmeticDataset, size: number, seed: number): { inputs: tf.Tensor3D; targets: tf.Tensor3D } {
  const codec = dataset.codec;
  const random = new ArithmeticDataset({ codec, seed }).random('train');
  const examples = Array.from({ length: size }, () => dataset.sample(random));
  return {
    inputs: tf.tensor3d(codec.oneHotQuestions(examples.map((e) => e.question)), [size, codec.questionLength, codec.vocabularySize]),
    targets: tf.tensor3d(codec.oneHotAnswers(examples.map((e) => e.answer)), [size, codec.answerLength, codec.vocabularySize]),
  };
}

/** Each target position moved to another random token: confidently wrong answers. */
function wrongTargets(targets: tf.Tensor3D, seed: number): tf.Tensor3D {
  return tf.tidy(() => {
    const vocabulary = targets.shape[2];
    const shift = tf.randomUniformInt([targets.shape[0], targets.shape[1]], 1, vocabulary, seed);
    const wrong = tf.mod(tf.add(tf.argMax(targets, -1), shift), vocabulary);
    return tf.oneHot(wrong.toInt() as tf.Tensor2D, vocabulary).toFloat() as tf.Tensor3D;
  });
}

/** The kernel's loss and gradients against tfjs autodiff of the same loss over the stock layers. */
function compareWithAutodiff(model: tf.LayersModel, inputs: tf.Tensor3D, targets: tf.Tensor3D): { loss: number; errors: Record<string, number> } {
  const kernelModel = describeKernelModel(model);
  const kernel = new EncoderDecoderNetwork(kernelModel.description as EncoderDecoderDescription, instantiateKernel(), 8);
  readWeights(kernelModel.variables, kernel.weights());
  const loss = kernel.compute(inputs.dataSync() as Float32Array, targets.dataSync() as Float32Array, inputs.shape[0]);
  const stock = tf.variableGrads(() => crossEntropyFromLogits(targets, modelLogits(model, inputs, true)), kernelModel.variables);
  const expectedLoss = stock.value.dataSync()[0]!;
  expect(Math.abs(loss - expectedLoss) / expectedLoss).toBeLessThan(1e-5);
  const gradients = kernel.gradients();
  const errors: Record<string, number> = {};
  let offset = 0;
  for (const variable of kernelModel.variables) {
    errors[variable.name] = relativeError(gradients.subarray(offset, offset + variable.size), stock.grads[variable.name]!.dataSync());
    offset += variable.size;
  }
  tf.dispose([stock.value, Object.values(stock.grads)]);
  return { loss: expectedLoss, errors };
}

describe('kernel gradients against autodiff of the exact loss', () => {
  it('at initialisation (createModel, 3 digits, LSTM 48)', () => {
    const model = createModel({ codec: { digits: 3 }, hiddenSize: 48, seed: 11 });
    const dataset = new ArithmeticDataset({ codec: { digits: 3 }, seed: 1 });
    const { inputs, targets } = taskBatch(dataset, 19, 2);
    const { errors } = compareWithAutodiff(model, inputs, targets);
    for (const [name, error] of Object.entries(errors)) expect(error, name).toBeLessThan(1e-4);
    tf.dispose([inputs, targets]);
    model.dispose();
  });

  it('on the pretrained weights, with true and with confidently wrong targets', async () => {
    const adder = await loadAdder();
    // The adder's own task layout (the shipped model writes answers least significant digit first).
    const dataset = new ArithmeticDataset({ codec: adder.codec, seed: 1 });
    const { inputs, targets } = taskBatch(dataset, 24, 3);
    const wrong = wrongTargets(targets, 4);
    const right = compareWithAutodiff(adder.model, inputs, targets);
    const mistaken = compareWithAutodiff(adder.model, inputs, wrong);
    // The pretrained model is sure of its answers: tiny loss on the truth, a large one on wrong targets
    // (the stock loss, clipped at 1e-7, would stop near 16 and lose the gradient).
    expect(right.loss).toBeLessThan(0.01);
    expect(mistaken.loss).toBeGreaterThan(16);
    // On the true answers the model's softmax is within about 1e-6 of one-hot, so the gradient
    // starts from p - y of about 1e-6, where float32 keeps only a few digits (its spacing near 1
    // is 6e-8): two exact implementations that sum in another order differ by about 1e-3 of the
    // largest value there. A wrong formula is off by its whole size; the wrong targets below,
    // whose gradients are large, hold the kernel to 1e-4.
    for (const [name, error] of Object.entries({ ...right.errors })) expect(error, `true targets: ${name}`).toBeLessThan(1e-2);
    for (const [name, error] of Object.entries(mistaken.errors)) expect(error, `wrong targets: ${name}`).toBeLessThan(1e-4);
    tf.dispose([inputs, targets, wrong]);
    adder.model.dispose();
  }, 120_000);
});

describe('kernel training step', () => {
  it('follows the fused step over 200 Adam steps: losses and weights within 1e-4 relative', () => {
    const start = createModel({ codec: { digits: 2 }, hiddenSize: 24, seed: 5 });
    const fusedModel = createModel({ codec: { digits: 2 }, hiddenSize: 24, seed: 6 });
    fusedModel.setWeights(start.getWeights());
    const kernelOptimizer = tf.train.adam(3e-3);
    const fusedOptimizer = tf.train.adam(3e-3);
    const kernelStep = createKernelTrainStep(start, { optimizer: kernelOptimizer, clipNorm: 1 });
    const fusedStep = createFusedTrainStep(fusedModel, { optimizer: fusedOptimizer, clipNorm: 1 });
    const dataset = new ArithmeticDataset({ codec: { digits: 2 }, seed: 3 });
    const stream = dataset.trainStream({ batchSize: 16 });
    const codec = dataset.codec;
    let worst = 0;
    let firstLoss = 0;
    let lastLoss = 0;
    for (let s = 0; s < 200; s += 1) {
      const batch = stream.next();
      const inputs = tf.tensor3d(batch.inputs, [batch.size, codec.questionLength, codec.vocabularySize]);
      const targets = tf.tensor3d(batch.targets, [batch.size, codec.answerLength, codec.vocabularySize]);
      const a = kernelStep(inputs, targets);
      const b = fusedStep(inputs, targets);
      const kernelLoss = a.loss.dataSync()[0]!;
      const fusedLoss = b.loss.dataSync()[0]!;
      worst = Math.max(worst, Math.abs(kernelLoss - fusedLoss) / fusedLoss);
      if (s === 0) firstLoss = kernelLoss;
      lastLoss = kernelLoss;
      expect(Array.from(a.predicted.dataSync())).toHaveLength(batch.size * codec.answerLength);
      tf.dispose([a.loss, a.predicted, b.loss, b.predicted, inputs, targets]);
    }
    expect(worst).toBeLessThan(1e-4);
    expect(lastLoss).toBeLessThan(firstLoss * 0.8); // it learned something: the comparison is not of two idle runs
    const kernelWeights = start.getWeights();
    const fusedWeights = fusedModel.getWeights();
    kernelWeights.forEach((w, k) => expect(relativeError(w.dataSync(), fusedWeights[k]!.dataSync()), `weight ${k}`).toBeLessThan(1e-4));
    kernelOptimizer.dispose();
    fusedOptimizer.dispose();
    start.dispose();
    fusedModel.dispose();
  }, 120_000);

  it('is bit-identical run after run', () => {
    const run = () => {
      const model = createModel({ codec: { digits: 2 }, hiddenSize: 16, seed: 8 });
      const optimizer = tf.train.adam(1e-2);
      const step = createKernelTrainStep(model, { optimizer });
      const dataset = new ArithmeticDataset({ codec: { digits: 2 }, seed: 9 });
      const stream = dataset.trainStream({ batchSize: 70 });
      const codec = dataset.codec;
      const losses: number[] = [];
      for (let s = 0; s < 20; s += 1) {
        const batch = stream.next();
        const inputs = tf.tensor3d(batch.inputs, [batch.size, codec.questionLength, codec.vocabularySize]);
        const targets = tf.tensor3d(batch.targets, [batch.size, codec.answerLength, codec.vocabularySize]);
        const result = step(inputs, targets);
        losses.push(result.loss.dataSync()[0]!);
        tf.dispose([result.loss, result.predicted, inputs, targets]);
      }
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      optimizer.dispose();
      model.dispose();
      return { losses, weights };
    };
    const first = run();
    const second = run();
    expect(second.losses).toEqual(first.losses);
    expect(second.weights).toEqual(first.weights);
  }, 60_000);

  it('leaks no tensors and no kernel memory over 1,000 steps', () => {
    const model = createModel({ codec: { digits: 1 }, hiddenSize: 8, seed: 2 });
    const optimizer = tf.train.adam(1e-3);
    const step = createKernelTrainStep(model, { optimizer, clipNorm: 5 });
    const dataset = new ArithmeticDataset({ codec: { digits: 1 }, seed: 2 });
    const batch = dataset.trainStream({ batchSize: 4 }).next();
    const codec = dataset.codec;
    const inputs = tf.tensor3d(batch.inputs, [4, codec.questionLength, codec.vocabularySize]);
    const targets = tf.tensor3d(batch.targets, [4, codec.answerLength, codec.vocabularySize]);
    tf.dispose(Object.values(step(inputs, targets))); // Adam makes its slots on the first step
    const tensors = tf.memory().numTensors;
    const heap = step.kernelMemoryBytes?.();
    expect(heap).toBeGreaterThan(0);
    for (let s = 0; s < 1000; s += 1) tf.dispose(Object.values(step(inputs, targets)));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(step.kernelMemoryBytes?.()).toBe(heap);
    tf.dispose([inputs, targets]);
    optimizer.dispose();
    model.dispose();
  }, 120_000);

  it('reads weights set between steps (a resume) and trains with optimizers other than Adam', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 2 }, seed: 3 });
    const codec = dataset.codec;
    const batch = dataset.trainStream({ batchSize: 12 }).next();
    const inputs = tf.tensor3d(batch.inputs, [12, codec.questionLength, codec.vocabularySize]);
    const targets = tf.tensor3d(batch.targets, [12, codec.answerLength, codec.vocabularySize]);
    const lossOf = (result: { loss: tf.Scalar; predicted: tf.Tensor2D }) => {
      const value = result.loss.dataSync()[0]!;
      tf.dispose([result.loss, result.predicted]);
      return value;
    };
    const model = createModel({ codec: { digits: 2 }, hiddenSize: 16, seed: 1 });
    const initial = model.getWeights().map((w) => w.clone());
    const adam = tf.train.adam(1e-2);
    const step = createKernelTrainStep(model, { optimizer: adam });
    const first = lossOf(step(inputs, targets));
    const second = lossOf(step(inputs, targets));
    expect(second).not.toBe(first);
    model.setWeights(initial);
    expect(lossOf(step(inputs, targets))).toBe(first);

    // SGD through applyGradients: the same update as the fused step's.
    const sgdModel = createModel({ codec: { digits: 2 }, hiddenSize: 16, seed: 1 });
    const fusedModel = createModel({ codec: { digits: 2 }, hiddenSize: 16, seed: 1 });
    const sgd = tf.train.sgd(0.5);
    const fusedSgd = tf.train.sgd(0.5);
    const sgdStep = createKernelTrainStep(sgdModel, { optimizer: sgd });
    const fusedStep = createFusedTrainStep(fusedModel, { optimizer: fusedSgd });
    for (let s = 0; s < 3; s += 1) {
      lossOf(sgdStep(inputs, targets));
      lossOf(fusedStep(inputs, targets));
    }
    const fusedWeights = fusedModel.getWeights();
    sgdModel.getWeights().forEach((w, k) => expect(relativeError(w.dataSync(), fusedWeights[k]!.dataSync()), `weight ${k}`).toBeLessThan(1e-5));
    expect(relativeError(sgdModel.getWeights()[0]!.dataSync(), initial[0]!.dataSync())).toBeGreaterThan(1e-3);
    tf.dispose([inputs, targets, initial]);
    for (const o of [adam, sgd, fusedSgd]) o.dispose();
    for (const m of [model, sgdModel, fusedModel]) m.dispose();
  });

  it('is what createTrainStep runs for models from createModel, and it reports so', () => {
    const model = createModel({ codec: { digits: 2 }, hiddenSize: 8 });
    const optimizer = tf.train.adam(1e-3);
    expect(createTrainStep(model, { optimizer }).implementation).toBe('kernel');
    expect(createTrainStep(model, { optimizer, implementation: 'fused' }).implementation).toBe('fused');
    expect(createTrainStep(model, { optimizer, implementation: 'layers' }).implementation).toBe('layers');
    optimizer.dispose();
    model.dispose();
  });

  it('refuses a missing model or optimizer with a coded error naming it', async () => {
    const model = createModel({ codec: { digits: 1 }, hiddenSize: 4 });
    const bad = [
      () => createTrainStep(model, {} as never),
      () => createTrainStep(model, { optimizer: 'adam' } as never),
      () => createTrainStep(undefined as never, { optimizer: tf.train.adam(1e-3) }),
      () => createTrainStep(model, undefined as never),
    ];
    for (const call of bad) {
      expect(call).toThrow(/optimizer|model must be/);
      try {
        call();
      } catch (error) {
        expect((error as { code?: string }).code).toMatch(/^INVALID_(OPTION|ARGUMENT)$/);
      }
    }
    await expect(createParallelTrainStep(model, {} as never)).rejects.toThrow(/options.optimizer must be a tf.Optimizer/);
    model.dispose();
  });

  it('falls back to the fused step, with the reason, for hardSigmoid gates', () => {
    const model = tf.sequential();
    model.add(tf.layers.lstm({ units: 8, inputShape: [3, 12], recurrentActivation: 'hardSigmoid' }));
    model.add(tf.layers.repeatVector({ n: 2 }));
    model.add(tf.layers.lstm({ units: 8, returnSequences: true, recurrentActivation: 'hardSigmoid' }));
    model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 12, activation: 'softmax' }) }));
    const optimizer = tf.train.adam(1e-3);
    const step = createTrainStep(model, { optimizer, implementation: 'kernel' });
    expect(step.implementation).toBe('fused');
    expect(step.fallbackReason).toMatch(/hardSigmoid gates/);
    optimizer.dispose();
    model.dispose();
  });
});
