import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAdamState, setAdamState, setLearningRate } from './adam-state.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Minimises (x - 3)^2 for a few steps and returns x. */
function descend(optimizer: tf.AdamOptimizer, x: tf.Variable, steps: number, rates?: number[]): void {
  for (let step = 0; step < steps; step += 1) {
    if (rates) setLearningRate(optimizer, rates[step] ?? 0);
    optimizer.minimize(() => tf.sum(tf.square(tf.sub(x, 3))), true, [x])?.dispose();
  }
}

describe('setLearningRate', () => {
  it('applies from the next step (Adam reads its learningRate field every step)', () => {
    const optimizer = tf.train.adam(0.001);
    const x = tf.variable(tf.scalar(0));
    // Adam's first step moves each weight by about the learning rate, whatever the gradient.
    setLearningRate(optimizer, 0.5);
    descend(optimizer, x, 1);
    const afterFirstStep = x.dataSync()[0];
    expect(afterFirstStep).toBeCloseTo(0.5, 4);
    setLearningRate(optimizer, 0);
    descend(optimizer, x, 1);
    expect(x.dataSync()[0]).toBe(afterFirstStep);
    optimizer.dispose();
    x.dispose();
  });
});

describe('getAdamState / setAdamState', () => {
  it('continues bit for bit like the optimizer it was taken from', async () => {
    const rates = [0.1, 0.05, 0.02, 0.01, 0.3, 0.2, 0.1, 0.05];
    const reference = tf.train.adam(0.1);
    const x = tf.variable(tf.tensor1d([0, 1, 2]));
    descend(reference, x, 8, rates);
    const expected = Array.from(x.dataSync());

    const first = tf.train.adam(0.1);
    const y = tf.variable(tf.tensor1d([0, 1, 2]));
    descend(first, y, 4, rates.slice(0, 4));
    const state = await getAdamState(first);
    first.dispose();
    expect(state.iterations).toBe(4);
    expect(state.moments.map((moment) => moment.shape)).toEqual([[3], [3]]);

    const before = tf.memory().numTensors;
    const second = tf.train.adam(0.1);
    await setAdamState(second, state);
    descend(second, y, 4, rates.slice(4));
    expect(Array.from(y.dataSync())).toEqual(expected);
    second.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    reference.dispose();
  });

  it('saves and restores an optimizer that has not stepped yet', async () => {
    const optimizer = tf.train.adam(0.1);
    const state = await getAdamState(optimizer);
    expect(state).toMatchObject({ iterations: 0, moments: [] });
    const restored = tf.train.adam(0.1);
    await setAdamState(restored, state);
    optimizer.dispose();
    restored.dispose();
  });
});
