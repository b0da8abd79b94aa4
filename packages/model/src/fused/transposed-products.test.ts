import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastKernels } from './fast-kernels.js';

// Each case: [result through a transposed kernel call, the same product on the plain path].
function products(): [number[], number[]][] {
  return tf.tidy(() => {
    const a = tf.randomNormal([7, 5], 0, 1, 'float32', 1);
    const b = tf.randomNormal([5, 9], 0, 1, 'float32', 2);
    const aT = a.transpose();
    const bT = b.transpose();
    const plain = tf.matMul(a, b);
    const a3 = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 3);
    const b3 = tf.randomNormal([3, 6, 2], 0, 1, 'float32', 4);
    const plain3 = tf.matMul(a3, b3);
    const bias = tf.randomNormal([9], 0, 1, 'float32', 5);
    const cases: [tf.Tensor, tf.Tensor][] = [
      [tf.matMul(aT, b, true, false), plain],
      [tf.matMul(a, bT, false, true), plain],
      [tf.matMul(aT, bT, true, true), plain],
      [tf.matMul(a3.transpose([0, 2, 1]), b3, true, false), plain3],
      [tf.matMul(a3, b3.transpose([0, 2, 1]), false, true), plain3],
      // The stock wasm _FusedMatMul gets this case wrong in tfjs 4.22 (errors above 1); the
      // patched kernel takes the plain path and gets it right.
      [tf.fused.matMul({ a: aT, b: bT, transposeA: true, transposeB: true, bias, activation: 'relu' }), tf.relu(plain.add(bias))],
      [tf.fused.matMul({ a, b: bT, transposeB: true, bias }), plain.add(bias)],
    ];
    return cases.map(([actual, expected]) => [Array.from(actual.dataSync()), Array.from(expected.dataSync())]);
  });
}

describe('installFastKernels: transposed products', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('computes the same products for every transpose combination, batched and fused', () => {
    installFastKernels();
    expect(installFastKernels()).toEqual([]); // idempotent
    const cases = products();
    for (let i = 0; i < cases.length; i += 1) {
      const [actual, expected] = cases[i]!;
      expect(actual.length).toBe(expected.length);
      for (let j = 0; j < expected.length; j += 1) expect(Math.abs(actual[j]! - expected[j]!), `product ${i} element ${j}`).toBeLessThan(1e-5);
    }
  });

  it('leaks no tensors or backend memory', () => {
    installFastKernels();
    products();
    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    for (let i = 0; i < 5; i += 1) products();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.memory().numBytes).toBe(bytes);
  });
});
