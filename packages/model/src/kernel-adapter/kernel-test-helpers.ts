// Shared by the kernel's tests only; nothing in the package imports it.
import type * as tf from '@tensorflow/tfjs';

/** max |a − b| / max |b| over one tensor's values. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i += 1) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}

/** Copies the variables' values into `target`, flat and in the order given. */
export function readWeights(variables: tf.Variable[], target: Float32Array): void {
  let offset = 0;
  for (const variable of variables) {
    target.set(variable.dataSync() as Float32Array, offset);
    offset += variable.size;
  }
}
