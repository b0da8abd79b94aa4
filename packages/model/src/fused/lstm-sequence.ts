import * as tf from '@tensorflow/tfjs';

/**
 * The LSTM time loop, forward and back-propagation through time, written once. What differs
 * between gate activations (sigmoid gates in whole-width operations, lstm-sigmoid.ts; hardSigmoid
 * gate by gate, below) is a GateStrategy: how a step's pre-activation becomes the gates, and how
 * the gates' gradients go back to the pre-activation.
 */

/** One step's gates, [batch, units] each: input i, forget f, cell candidate g, output o. */
export interface Gates {
  i: tf.Tensor;
  f: tf.Tensor;
  g: tf.Tensor;
  o: tf.Tensor;
}

/** The gradients of the loss with respect to one step's gates; dF is null where f met a zero state. */
export interface GateGradients {
  dI: tf.Tensor;
  dF: tf.Tensor | null;
  dG: tf.Tensor;
  dO: tf.Tensor;
}

/**
 * How a step's pre-activation z, [batch, 4 units] in the column order i, f, g, o, becomes the
 * gates, and the reverse for gradients. `Saved` is what the backward pass needs from the forward one.
 */
export interface GateStrategy<Saved> {
  forward(z: tf.Tensor): { gates: Gates; saved: Saved };
  /** d loss / d z, [batch, 4 units], from the gradients with respect to the gates. */
  backward(gates: Gates, saved: Saved, gradients: GateGradients): tf.Tensor;
}

/** What one forward time step keeps for the backward pass. */
interface StepCache<Saved> {
  gates: Gates;
  saved: Saved;
  cPrev: tf.Tensor | null;
  tanhC: tf.Tensor;
}

export interface LstmForward<Saved> {
  /** Hidden state after each step, [batch, units]. */
  hs: tf.Tensor[];
  caches: StepCache<Saved>[];
}

/**
 * tanh(x) = 2 sigmoid(2x) - 1: wasm's Sigmoid is vectorised and its Tanh is not (3x faster at
 * [512, 128]); differs from tf.tanh by float rounding only (absolute error ~1e-7).
 */
export function tanh(x: tf.Tensor): tf.Tensor {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
}

/**
 * Runs an LSTM over `steps` time steps whose input projections (x_t @ kernel + bias) are given:
 * `projected(t)` is [batch, 4 * units]. Starts from zero state, as tfjs-layers does.
 */
export function lstmForward<Saved>(
  projected: (t: number) => tf.Tensor,
  steps: number,
  recurrentKernel: tf.Tensor,
  strategy: GateStrategy<Saved>,
): LstmForward<Saved> {
  const hs: tf.Tensor[] = [];
  const caches: StepCache<Saved>[] = [];
  let h: tf.Tensor | null = null;
  let c: tf.Tensor | null = null;
  for (let t = 0; t < steps; t++) {
    const z: tf.Tensor = h === null ? projected(t) : tf.add(projected(t), tf.matMul(h, recurrentKernel));
    const { gates, saved } = strategy.forward(z);
    const { i, f, g, o } = gates;
    const cPrev: tf.Tensor | null = c;
    c = cPrev === null ? tf.mul(i, g) : tf.add(tf.mul(f, cPrev), tf.mul(i, g));
    const tanhC = tanh(c);
    h = tf.mul(o, tanhC);
    hs.push(h);
    caches.push({ gates, saved, cPrev, tanhC });
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
export function lstmBackward<Saved>(
  forward: LstmForward<Saved>,
  dhOut: (t: number) => tf.Tensor | null,
  recurrentKernelT: tf.Tensor,
  strategy: GateStrategy<Saved>,
): LstmBackward {
  const steps = forward.caches.length;
  const dz: tf.Tensor[] = new Array<tf.Tensor>(steps);
  let dhRecurrent: tf.Tensor | null = null;
  let dcNext: tf.Tensor | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const { gates, saved, cPrev, tanhC } = forward.caches[t]!;
    const { i, f, g, o } = gates;
    const outside = dhOut(t);
    const dh: tf.Tensor = outside === null ? dhRecurrent! : dhRecurrent === null ? outside : tf.add(outside, dhRecurrent);
    // h = o * tanh(c);  c = f * cPrev + i * g
    let dc: tf.Tensor = tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tanhC)));
    if (dcNext !== null) dc = tf.add(dc, dcNext);
    const gradients: GateGradients = {
      dI: tf.mul(dc, g),
      dF: cPrev === null ? null : tf.mul(dc, cPrev),
      dG: tf.mul(dc, i),
      dO: tf.mul(dh, tanhC),
    };
    const dzt = strategy.backward(gates, saved, gradients);
    dz[t] = dzt;
    if (t > 0) {
      dcNext = tf.mul(dc, f);
      dhRecurrent = tf.matMul(dzt, recurrentKernelT);
    }
  }
  return { dz };
}

/** Pre-activations of i, f and o: the hardSigmoid's derivative depends on where they fall. */
interface HardSigmoidSaved {
  zi: tf.Tensor;
  zf: tf.Tensor;
  zo: tf.Tensor;
}

// Same expression as tfjs-layers' K.hardSigmoid, so the values match bit for bit.
function hardSigmoid(z: tf.Tensor): tf.Tensor {
  return tf.clipByValue(tf.add(0.5, tf.mul(0.2, z)), 0, 1);
}

function hardSigmoidGrad(dy: tf.Tensor, z: tf.Tensor): tf.Tensor {
  // d clip(0.5 + 0.2 z, 0, 1) / dz: 0.2 where 0 <= 0.5 + 0.2 z <= 1 (tfjs clipByValue passes the bounds).
  const u = tf.add(0.5, tf.mul(0.2, z));
  const inside = tf.logicalAnd(tf.greaterEqual(u, 0), tf.lessEqual(u, 1));
  return tf.where(inside, tf.mul(dy, 0.2), tf.zerosLike(dy));
}

/** hardSigmoid gates, one gate at a time (tanh for the cell candidate g). */
export const hardSigmoidGates: GateStrategy<HardSigmoidSaved> = {
  forward(z) {
    const [zi, zf, zg, zo] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    return { gates: { i: hardSigmoid(zi), f: hardSigmoid(zf), g: tanh(zg), o: hardSigmoid(zo) }, saved: { zi, zf, zo } };
  },
  backward({ g }, { zi, zf, zo }, { dI, dF, dG, dO }) {
    const dzi = hardSigmoidGrad(dI, zi);
    const dzf = dF === null ? tf.zerosLike(dzi) : hardSigmoidGrad(dF, zf);
    const dzg = tf.mul(dG, tf.sub(1, tf.square(g)));
    return tf.concat([dzi, dzf, dzg, hardSigmoidGrad(dO, zo)], 1);
  },
};
