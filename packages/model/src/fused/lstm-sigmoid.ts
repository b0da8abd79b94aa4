import * as tf from '@tensorflow/tfjs';
import { tanh } from './lstm-sequence.js';

/**
 * The LSTM with sigmoid gates in fewer, whole-width operations. With tanh(z) = 2 sigmoid(2 z) - 1,
 * one sigmoid over the scaled pre-activation a = z * s (s = 1 for the i, f, o columns and 2 for
 * the g columns) gives all four gates at once; the caller folds s into the kernel, recurrent
 * kernel and bias (a = x K s + h R s + b s). The backward pass likewise multiplies one
 * concatenated [batch, 4 units] gradient by one cached derivative instead of gate by gate.
 * The gradients it returns are with respect to a; multiply the weight gradients by s.
 */
interface StepCache {
  i: tf.Tensor;
  f: tf.Tensor;
  g: tf.Tensor;
  o: tf.Tensor;
  cPrev: tf.Tensor | null;
  tanhC: tf.Tensor;
  /** d S / d a = S (1 - S), [batch, 4 units]; dg/dS_g = 2 is applied in the backward pass. */
  slope: tf.Tensor;
}

export interface SigmoidLstmForward {
  hs: tf.Tensor[];
  caches: StepCache[];
}

/** s: 1 for the i, f and o columns, 2 for the g (cell candidate) columns; [4 units]. */
export function gateColumnScale(units: number): tf.Tensor1D {
  const values = new Float32Array(4 * units).fill(1);
  values.fill(2, 2 * units, 3 * units);
  return tf.tensor1d(values);
}

/** `projected(t)` is x_t K s + b s, [batch, 4 units]; `recurrentKernelScaled` is R s. */
export function sigmoidLstmForward(
  projected: (t: number) => tf.Tensor,
  steps: number,
  recurrentKernelScaled: tf.Tensor,
): SigmoidLstmForward {
  const hs: tf.Tensor[] = [];
  const caches: StepCache[] = [];
  let h: tf.Tensor | null = null;
  let c: tf.Tensor | null = null;
  for (let t = 0; t < steps; t++) {
    const a: tf.Tensor = h === null ? projected(t) : tf.add(projected(t), tf.matMul(h, recurrentKernelScaled));
    const gates = tf.sigmoid(a);
    const [i, f, sg, o] = tf.split(gates, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const g = tf.sub(tf.mul(sg, 2), 1);
    const cPrev: tf.Tensor | null = c;
    c = cPrev === null ? tf.mul(i, g) : tf.add(tf.mul(f, cPrev), tf.mul(i, g));
    const tanhC = tanh(c);
    h = tf.mul(o, tanhC);
    hs.push(h);
    // Scalar factors only inside the loop: broadcasting a [4 units] row costs more on wasm.
    const slope = tf.mul(gates, tf.sub(1, gates));
    caches.push({ i, f, g, o, cPrev, tanhC, slope });
  }
  return { hs, caches };
}

/**
 * Back-propagation through time: `dhOut(t)` is the gradient reaching h_t from outside the
 * recurrence (or null); `recurrentKernelScaledT` is (R s) transposed. Returns d loss / d a_t.
 */
export function sigmoidLstmBackward(
  forward: SigmoidLstmForward,
  dhOut: (t: number) => tf.Tensor | null,
  recurrentKernelScaledT: tf.Tensor,
): { dz: tf.Tensor[] } {
  const steps = forward.caches.length;
  const dz: tf.Tensor[] = new Array<tf.Tensor>(steps);
  let dhRecurrent: tf.Tensor | null = null;
  let dcNext: tf.Tensor | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const { i, f, g, o, cPrev, tanhC, slope } = forward.caches[t]!;
    const outside = dhOut(t);
    const dh: tf.Tensor = outside === null ? dhRecurrent! : dhRecurrent === null ? outside : tf.add(outside, dhRecurrent);
    // h = o tanh(c);  c = f cPrev + i g
    let dc: tf.Tensor = tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tanhC)));
    if (dcNext !== null) dc = tf.add(dc, dcNext);
    const dGates = tf.concat([tf.mul(dc, g), cPrev === null ? tf.zerosLike(dc) : tf.mul(dc, cPrev), tf.mul(tf.mul(dc, i), 2), tf.mul(dh, tanhC)], 1);
    const da = tf.mul(dGates, slope);
    dz[t] = da;
    if (t > 0) {
      dcNext = tf.mul(dc, f);
      dhRecurrent = tf.matMul(da, recurrentKernelScaledT);
    }
  }
  return { dz };
}
