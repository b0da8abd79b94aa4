// Label smoothing of a batch's one-hot training targets (`TrainOptions.labelSmoothing`).

/**
 * Writes each one-hot row of `targets` ([rows, classes], flat) smoothed by `epsilon` into a
 * buffer of its own, reused from call to call: (1 − ε)·y + ε/classes. A row of zeros (a position
 * a layout leaves without a target) stays zeros. Returns the smoothed rows (valid until the next call).
 */
export class TargetSmoother {
  #buffer = new Float32Array(0);

  constructor(private readonly epsilon: number) {}

  smooth(targets: Float32Array, classes: number): Float32Array {
    if (this.#buffer.length < targets.length) this.#buffer = new Float32Array(targets.length);
    const out = this.#buffer.subarray(0, targets.length);
    const { epsilon } = this;
    const keep = 1 - epsilon;
    const spread = epsilon / classes;
    for (let row = 0; row < targets.length; row += classes) {
      let sum = 0;
      for (let k = 0; k < classes; k += 1) sum += targets[row + k]!;
      for (let k = 0; k < classes; k += 1) out[row + k] = sum === 0 ? 0 : targets[row + k]! * keep + spread;
    }
    return out;
  }
}
