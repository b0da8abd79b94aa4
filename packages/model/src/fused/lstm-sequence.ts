import * as tf from '@tensorflow/tfjs';
import type { GateActivation } from './model-spec.js';

/** What one forward time step keeps for the backward pass. */
interface StepCache {
  i: tf.Tensor;
  f: tf.Tensor;
  g: tf.Tensor;
  o: tf.Tensor;
  /** Pre-activations of i, f, o; kept only for hardSigmoid, whose derivative needs them. */
  zi?: tf.Tensor;
  zf?: tf.Tensor;
  zo?: tf.Tensor;
  cPrev: tf.Tensor | null;
  tanhC: tf.Tensor;
}

export interface LstmForward {
  /** Hidden state after each step, [batch, units]. */
  hs: tf.Tensor[];
  caches: StepCache[];
}

/**
 * tanh(x) = 2 sigmoid(2x) - 1: wasm's Sigmoid is vectorised and its Tanh is not (3x faster at
 * [512, 128]); differs from tf.tanh by float rounding only (absolute error ~1e-7).
 */
export function tanh(x: tf.Tensor): tf.Tensor {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
}

function gate(z: tf.Tensor, activation: GateActivation): tf.Tensor {
  // Same expression as tfjs-layers' K.hardSigmoid, so the values match bit for bit.
  return activation === 'sigmoid' ? tf.sigmoid(z) : tf.clipByValue(tf.add(0.5, tf.mul(0.2, z)), 0, 1);
}

function gateGrad(dy: tf.Tensor, y: tf.Tensor, z: tf.Tensor | undefined, activation: GateActivation): tf.Tensor {
  if (activation === 'sigmoid') return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
  // d clip(0.5 + 0.2 z, 0, 1) / dz: 0.2 where 0 <= 0.5 + 0.2 z <= 1 (tfjs clipByValue passes the bounds).
  const u = tf.add(0.5, tf.mul(0.2, z!));
  const inside = tf.logicalAnd(tf.greaterEqual(u, 0), tf.lessEqual(u, 1));
  return tf.where(inside, tf.mul(dy, 0.2), tf.zerosLike(dy));
}

/**
 * Runs an LSTM over `steps` time steps whose input projections (x_t @ kernel + bias) are given:
 * `projected(t)` is [batch, 4 * units]. Starts from zero state, as tfjs-layers does.
 */
export function lstmForward(
  projected: (t: number) => tf.Tensor,
  steps: number,
  recurrentKernel: tf.Tensor,
  activation: GateActivation,
): LstmForward {
  const hs: tf.Tensor[] = [];
  const caches: StepCache[] = [];
  let h: tf.Tensor | null = null;
  let c: tf.Tensor | null = null;
  for (let t = 0; t < steps; t++) {
    const z: tf.Tensor = h === null ? projected(t) : tf.add(projected(t), tf.matMul(h, recurrentKernel));
    const [zi, zf, zg, zo] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const i = gate(zi, activation);
    const f = gate(zf, activation);
    const g = tanh(zg);
    const o = gate(zo, activation);
    const cPrev: tf.Tensor | null = c;
    c = cPrev === null ? tf.mul(i, g) : tf.add(tf.mul(f, cPrev), tf.mul(i, g));
    const tanhC = tanh(c);
    h = tf.mul(o, tanhC);
    hs.push(h);
    caches.push(activation === 'sigmoid' ? { i, f, g, o, cPrev, tanhC } : { i, f, g, o, zi, zf, zo, cPrev, tanhC });
  }
  return { hs, caches };
}

export interface LstmBackward {
  /** Gradient of the loss with respect to each step's pre-activation z_t, [batch, 4 * units]. */
  dz: tf.Tensor[];
}

/**
 * Back-propagates through time. `dhOut(t)` is the gradient flowing into h_t from outside the
 * recurrence (null when none). `recurrentKernelT` is the recurrent kernel transposed, [4 * units, units]:
 * a plain product, because transposed products are slow on the wasm backend.
 */
export function lstmBackward(
  forward: LstmForward,
  dhOut: (t: number) => tf.Tensor | null,
  recurrentKernelT: tf.Tensor,
  activation: GateActivation,
): LstmBackward {
  const steps = forward.caches.length;
  const dz: tf.Tensor[] = new Array<tf.Tensor>(steps);
  let dhRecurrent: tf.Tensor | null = null;
  let dcNext: tf.Tensor | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const { i, f, g, o, zi, zf, zo, cPrev, tanhC } = forward.caches[t]!;
    const outside = dhOut(t);
    const dh: tf.Tensor = outside === null ? dhRecurrent! : dhRecurrent === null ? outside : tf.add(outside, dhRecurrent);
    // h = o * tanh(c);  c = f * cPrev + i * g
    let dc: tf.Tensor = tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tanhC)));
    if (dcNext !== null) dc = tf.add(dc, dcNext);
    const dzi = gateGrad(tf.mul(dc, g), i, zi, activation);
    const dzf = cPrev === null ? tf.zerosLike(dzi) : gateGrad(tf.mul(dc, cPrev), f, zf, activation);
    const dzg = tf.mul(tf.mul(dc, i), tf.sub(1, tf.square(g)));
    const dzo = gateGrad(tf.mul(dh, tanhC), o, zo, activation);
    const dzt = tf.concat([dzi, dzf, dzg, dzo], 1);
    dz[t] = dzt;
    if (t > 0) {
      dcNext = tf.mul(dc, f);
      dhRecurrent = tf.matMul(dzt, recurrentKernelT);
    }
  }
  return { dz };
}
