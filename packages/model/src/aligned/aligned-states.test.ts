import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { AlignedLayout, InvalidArgumentError, InvalidQuestionError } from '@addrnn/codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adder, loadAdder } from '../adder.js';
import { createModel } from '../create-model.js';
import { IncompatibleModelError } from '../errors.js';
import { getMetadata } from '../metadata.js';
import { alignedVariables } from './aligned-model.js';
import { alignedStates } from './aligned-states.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Keras's LSTM step by step in float64 from the model's weights (gates i, f, c, o): the reference. */
function referenceStates(model: tf.LayersModel, question: string): { hidden: number[][]; cell: number[][] } {
  const [kernel, recurrent, bias] = alignedVariables(model)!.slice(0, 3).map((v) => v.arraySync() as number[][] | number[]) as [number[][], number[][], number[]];
  const units = recurrent.length;
  const steps = AlignedLayout.steps([question]);
  const inputs = AlignedLayout.encodeQuestions([question], steps);
  let h = new Array<number>(units).fill(0);
  let c = new Array<number>(units).fill(0);
  const hidden: number[][] = [];
  const cell: number[][] = [];
  for (let t = 0; t < steps; t += 1) {
    const z = bias.slice();
    for (let i = 0; i < 20; i += 1) {
      if (inputs[t * 20 + i] === 0) continue;
      for (let j = 0; j < 4 * units; j += 1) z[j]! += kernel[i]![j]!;
    }
    for (let i = 0; i < units; i += 1) for (let j = 0; j < 4 * units; j += 1) z[j]! += h[i]! * recurrent[i]![j]!;
    const gate = (g: number, j: number) => z[g * units + j]!;
    c = c.map((previous, j) => sigmoid(gate(1, j)) * previous + sigmoid(gate(0, j)) * Math.tanh(gate(2, j)));
    h = c.map((value, j) => sigmoid(gate(3, j)) * Math.tanh(value));
    hidden.push(h);
    cell.push(c);
  }
  return { hidden, cell };
}

function largestDifference(actual: Float32Array, expected: number[][]): number {
  const flat = expected.flat();
  expect(actual.length).toBe(flat.length);
  return flat.reduce((largest, value, i) => Math.max(largest, Math.abs(value - actual[i]!)), 0);
}

describe('alignedStates', () => {
  let adder: Adder;
  beforeAll(async () => {
    adder = await loadAdder('pretrained:aligned', { backend: 'wasm' });
  }, 60_000);

  it('returns the hidden and cell states after each column, as Keras\'s LSTM computes them', () => {
    const questions = ['4999999+5000001', '12+7', '0+0'];
    const before = tf.memory().numTensors;
    const states = alignedStates(adder, questions);
    expect(tf.memory().numTensors).toBe(before);
    expect(states.map((s) => [s.question, s.columns, s.units])).toEqual([
      ['4999999+5000001', 8, 32],
      ['12+7', 3, 32],
      ['0+0', 2, 32],
    ]);
    questions.forEach((question, i) => {
      const reference = referenceStates(adder.model, question);
      expect(largestDifference(states[i]!.hidden, reference.hidden), question).toBeLessThan(1e-4);
      expect(largestDifference(states[i]!.cell, reference.cell), question).toBeLessThan(1e-4);
    });
  });

  it('gives the hidden states tfjs\'s LSTM layer outputs, and a question alone the states it has in a padded batch', () => {
    const question = `${'9'.repeat(40)}+1`;
    const [alone] = alignedStates(adder, [question]);
    const [inBatch] = alignedStates(adder, ['5+5', question, `1${'0'.repeat(60)}+3`]).slice(1);
    expect(inBatch!.hidden).toEqual(alone!.hidden);
    expect(inBatch!.cell).toEqual(alone!.cell);
    const before = tf.memory().numTensors;
    const layerOutput = tf.tidy(() => {
      const lstm = tf.model({ inputs: adder.model.inputs, outputs: adder.model.layers[0]!.output as tf.SymbolicTensor });
      const inputs = tf.tensor3d(AlignedLayout.encodeQuestions([question]), [1, alone!.columns, 20]);
      return (lstm.predict(inputs) as tf.Tensor).dataSync() as Float32Array;
    });
    expect(tf.memory().numTensors).toBe(before);
    let largest = 0;
    layerOutput.forEach((value, i) => (largest = Math.max(largest, Math.abs(value - alone!.hidden[i]!))));
    expect(largest).toBeLessThan(1e-4);
  });

  it('follows the model\'s weights when they change', () => {
    const model = createModel({ family: 'aligned', codec: { digits: 3 }, hiddenSize: 8, seed: 4 });
    const small = new Adder({ model, codec: adder.codec, metadata: getMetadata(model) });
    const before = alignedStates(small, ['123+456'])[0]!;
    expect(before.units).toBe(8);
    const [, recurrent] = alignedVariables(model)!;
    recurrent!.assign(tf.tidy(() => recurrent!.mul(0.5)));
    const after = alignedStates(small, ['123+456'])[0]!;
    expect(largestDifference(after.hidden, referenceStates(model, '123+456').hidden)).toBeLessThan(1e-4);
    expect(after.hidden).not.toEqual(before.hidden);
    model.dispose();
  });

  it('refuses what is not an aligned adder, bad questions and too many columns, naming them', async () => {
    expect(() => alignedStates(adder, ['12+x'])).toThrow(InvalidQuestionError);
    expect(() => alignedStates(adder, ['1+2', '12-3'])).toThrow(/questions\[1\]/);
    expect(() => alignedStates({} as Adder, ['1+2'])).toThrow(InvalidArgumentError);
    expect(() => alignedStates(adder, Array.from({ length: 1100 }, () => `${'1'.repeat(1000)}+1`))).toThrow(/at most 1048576 columns .* got 1100 x 1001/);
    const seq2seq = await loadAdder('pretrained:5-digit', { backend: 'current' });
    expect(() => alignedStates(seq2seq, ['1+2'])).toThrow(IncompatibleModelError);
    seq2seq.dispose();
    expect(alignedStates(adder, [])).toEqual([]);
  });
});
