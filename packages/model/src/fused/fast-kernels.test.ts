import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastKernels } from './fast-kernels.js';

describe('installFastKernels on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('slices, splits and multiplies exactly as the stock kernels do', () => {
    const x = tf.randomNormal([6, 10, 8], 0, 1, 'float32', 3);
    const m = tf.randomNormal([7, 5], 0, 1, 'float32', 4);
    const n = tf.randomNormal([9, 5], 0, 1, 'float32', 5);
    const cases = () => [
      tf.slice(x, [1, 2, 3], [4, 5, 2]),
      tf.slice(x, [2, 0, 0], [3, 10, 8]),
      tf.slice(x, [0, 3, 0], [6, 4, 8]),
      ...tf.split(x, 4, 2),
      ...tf.split(x, [3, 7], 1),
      tf.matMul(m, n, false, true),
      tf.matMul(m, m, true, false),
      tf.slice(tf.cast(x, 'int32'), [0, 1, 1], [2, 2, 2]),
    ];
    const before = cases().map((t) => t.arraySync());
    installFastKernels();
    const after = cases().map((t) => t.arraySync());
    expect(after).toEqual(before);
    expect(installFastKernels()).toEqual([]);
  });
});
