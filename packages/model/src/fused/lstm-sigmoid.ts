import * as tf from '@tensorflow/tfjs';
import type { GateStrategy } from './lstm-sequence.js';

/**
 * Sigmoid gates in fewer, whole-width operations. With tanh(z) = 2 sigmoid(2 z) - 1, one
 * sigmoid over the scaled pre-activation a = z * s (s = 1 for the i, f, o columns and 2 for the
 * g columns) gives all four gates at once; the caller folds s into the kernel, recurrent kernel
 * and bias (a = x K s + h R s + b s). The backward pass likewise multiplies one concatenated
 * [batch, 4 units] gradient by one cached derivative instead of gate by gate. The gradients the
 * time loop (lstm-sequence.ts) returns are then with respect to a; multiply the weight gradients by s.
 */

/** s: 1 for the i, f and o columns, 2 for the g (cell candidate) columns; [4 units]. */
export function gateColumnScale(units: number): tf.Tensor1D {
  const values = new Float32Array(4 * units).fill(1);
  values.fill(2, 2 * units, 3 * units);
  return tf.tensor1d(values);
}

/**
 * Whole-width sigmoid gates over a = z s. Saved: the slope d S / d a = S (1 - S), [batch, 4 units];
 * d g / d S_g = 2 is applied in the backward pass.
 */
export const wholeWidthSigmoidGates: GateStrategy<tf.Tensor> = {
  forward(a) {
    const sigmoids = tf.sigmoid(a);
    const [i, f, sg, o] = tf.split(sigmoids, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    // Scalar factors only: broadcasting a [4 units] row costs more on wasm.
    const slope = tf.mul(sigmoids, tf.sub(1, sigmoids));
    return { gates: { i, f, g: tf.sub(tf.mul(sg, 2), 1), o }, saved: slope };
  },
  backward(_gates, slope, { dI, dF, dG, dO }) {
    return tf.mul(tf.concat([dI, dF ?? tf.zerosLike(dI), tf.mul(dG, 2), dO], 1), slope);
  },
};
