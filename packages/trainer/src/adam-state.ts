import { CheckpointError } from './errors.js';
import * as tf from '@tensorflow/tfjs';

/**
 * What an Adam optimizer needs to continue where it left off: the step count, the running
 * beta powers and the first and second moment of every weight (flattened, in the optimizer's
 * order). `data` concatenates the moments as float32.
 */
export interface AdamState {
  iterations: number;
  /** beta1 ** (iterations + 1) as the optimizer holds it; restored bit for bit. */
  accBeta1?: number;
  accBeta2?: number;
  moments: { name: string; shape: number[] }[];
  data: Float32Array;
}

/** The fields of tfjs' AdamOptimizer that the trainer reads and writes. */
interface AdamInternals {
  learningRate: number;
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

/**
 * Sets the learning rate of an Adam optimizer. tfjs' `AdamOptimizer.applyGradients` reads its
 * `learningRate` field on every call, so the new rate applies from the next step on.
 */
export function setLearningRate(optimizer: tf.AdamOptimizer, learningRate: number): void {
  (optimizer as unknown as AdamInternals).learningRate = learningRate;
}

export async function getAdamState(optimizer: tf.AdamOptimizer): Promise<AdamState> {
  const [iterations, ...moments] = await optimizer.getWeights();
  if (iterations === undefined) throw new CheckpointError('cannot save Adam\'s state: the optimizer returned no weights (it has not been created by train())');
  const iterationCount = (await iterations.tensor.data())[0] ?? 0;
  iterations.tensor.dispose();
  const values = await Promise.all(moments.map((moment) => moment.tensor.data()));
  const data = new Float32Array(values.reduce((total, value) => total + value.length, 0));
  let offset = 0;
  for (const value of values) {
    data.set(value, offset);
    offset += value.length;
  }
  const internals = optimizer as unknown as AdamInternals;
  return {
    iterations: iterationCount,
    ...(internals.accBeta1 ? { accBeta1: (await internals.accBeta1.data())[0] } : {}),
    ...(internals.accBeta2 ? { accBeta2: (await internals.accBeta2.data())[0] } : {}),
    moments: moments.map((moment) => ({ name: moment.name, shape: moment.tensor.shape })),
    data,
  };
}

/** Loads `state` into a fresh Adam optimizer (one that has not applied gradients yet). */
export async function setAdamState(optimizer: tf.AdamOptimizer, state: AdamState): Promise<void> {
  const expected = state.moments.reduce((total, moment) => total + sizeOf(moment.shape), 0);
  if (expected !== state.data.length) {
    throw new CheckpointError(`the checkpoint's optimizer state holds ${state.data.length} values; the model's Adam moments need ${expected}`);
  }
  let offset = 0;
  const tensors: { name: string; tensor: tf.Tensor }[] = [{ name: 'iter', tensor: tf.scalar(state.iterations, 'int32') }];
  for (const moment of state.moments) {
    const size = sizeOf(moment.shape);
    tensors.push({ name: moment.name, tensor: tf.tensor(state.data.subarray(offset, offset + size), moment.shape) });
    offset += size;
  }
  await optimizer.setWeights(tensors);
  // setWeights wraps each tensor in a variable that shares its data; the wrappers keep it alive.
  tf.dispose(tensors.map((named) => named.tensor));
  // setWeights recomputes beta ** (iterations + 1) with pow, which can differ in the last bit
  // from the running product the optimizer kept; restoring the saved value keeps a resumed
  // run identical to an uninterrupted one.
  const internals = optimizer as unknown as AdamInternals;
  for (const [variable, value] of [
    [internals.accBeta1, state.accBeta1],
    [internals.accBeta2, state.accBeta2],
  ] as const) {
    if (variable && value !== undefined) {
      const replacement = tf.scalar(value);
      variable.assign(replacement);
      replacement.dispose();
    }
  }
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}
