import * as tf from '@tensorflow/tfjs';
import { Codec, InvalidOptionError } from '@addrnn/codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { createModel } from './create-model.js';
import { createTrainStep } from './train-step.js';

const codec = new Codec({ digits: 1 });

function batch(size: number, offset: number): [tf.Tensor3D, tf.Tensor3D] {
  const questions: string[] = [];
  for (let i = 0; i < size; i += 1) {
    const k = (i * 7 + offset * 13) % 100;
    questions.push(`${Math.floor(k / 10)}+${k % 10}`);
  }
  const answers = questions.map((question) => codec.solve(question));
  return [
    tf.tensor3d(codec.oneHotQuestions(questions), [size, codec.questionLength, codec.vocabularySize]),
    tf.tensor3d(codec.oneHotAnswers(answers), [size, codec.answerLength, codec.vocabularySize]),
  ];
}

function run(implementation: 'fused' | 'layers', steps: number): { losses: number[]; weights: number[][] } {
  const model = createModel({ codec, hiddenSize: 24, seed: 9, implementation });
  const step = createTrainStep(model, { optimizer: tf.train.adam(0.01), clipNorm: 5 });
  const losses: number[] = [];
  for (let i = 0; i < steps; i += 1) {
    const [inputs, targets] = batch(32, i);
    const { loss, predicted } = step(inputs, targets);
    expect(predicted.shape).toEqual([32, 2]);
    expect(predicted.dtype).toBe('int32');
    losses.push(loss.dataSync()[0]!);
    tf.dispose([inputs, targets, loss, predicted]);
  }
  const weights = model.getWeights().map((weight) => Array.from(weight.dataSync()));
  model.dispose();
  return { losses, weights };
}

describe('createTrainStep', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('learns: the loss falls on 1-digit addition (layers and fused)', () => {
    for (const implementation of ['layers', 'fused'] as const) {
      const { losses } = run(implementation, 150);
      const first = losses.slice(0, 10).reduce((a, b) => a + b) / 10;
      const last = losses.slice(-10).reduce((a, b) => a + b) / 10;
      expect(last, implementation).toBeLessThan(first * 0.5);
    }
  });

  it('fused and layers compute the same losses and updates from the same start', () => {
    const layers = run('layers', 5);
    const fused = run('fused', 5);
    for (let i = 0; i < 5; i += 1) expect(Math.abs(fused.losses[i]! - layers.losses[i]!)).toBeLessThan(1e-4);
    for (let w = 0; w < layers.weights.length; w += 1) {
      const scale = Math.max(1e-3, ...layers.weights[w]!.map(Math.abs));
      const difference = Math.max(...layers.weights[w]!.map((value, i) => Math.abs(value - fused.weights[w]![i]!)));
      expect(difference / scale).toBeLessThan(1e-3);
    }
  });

  it('leaks no tensors across steps', () => {
    for (const implementation of ['layers', 'fused'] as const) {
      const model = createModel({ codec, hiddenSize: 8, implementation });
      const step = createTrainStep(model, { optimizer: tf.train.adam(0.01) });
      const once = () => {
        const [inputs, targets] = batch(16, 1);
        const { loss, predicted } = step(inputs, targets);
        tf.dispose([inputs, targets, loss, predicted]);
      };
      once();
      once();
      const tensors = tf.memory().numTensors;
      for (let i = 0; i < 5; i += 1) once();
      expect(tf.memory().numTensors, implementation).toBe(tensors);
      model.dispose();
    }
  });

  it('validates clipNorm and the implementation', () => {
    const model = createModel({ codec, hiddenSize: 4 });
    expect(() => createTrainStep(model, { optimizer: tf.train.adam(), clipNorm: 0 })).toThrow(InvalidOptionError);
    expect(() => createTrainStep(model, { optimizer: tf.train.adam(), clipNorm: -1 })).toThrow('clipNorm must be a finite number > 0, got -1');
    expect(() => createTrainStep(model, { optimizer: tf.train.adam(), implementation: 'x' as never })).toThrow(
      'implementation must be one of "kernel", "fused", "layers", got "x"',
    );
    model.dispose();
  });
});
