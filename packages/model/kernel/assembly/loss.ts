// Softmax with cross-entropy.

/**
 * logits[steps·batch, n] in time-major rows (row t·batch + b) are replaced by the gradient of the
 * mean cross-entropy, (softmax − y) / rows; targets y[batch, steps, n] are batch-major. Writes the
 * argmax of each row to predicted[batch, steps] (int32) and returns the summed loss −Σ y·log p.
 * log p comes from the exact log-softmax: z − max − log Σ exp(z − max).
 */
export function softmaxCrossEntropy(logits: usize, y: usize, predicted: usize, batch: i32, steps: i32, n: i32): f64 {
  const rows = batch * steps;
  const inv: f32 = <f32>1 / <f32>rows;
  let loss: f64 = 0;
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      const row = logits + ((<usize>(t * batch + b) * <usize>n) << 2);
      const target = y + ((<usize>(b * steps + t) * <usize>n) << 2);
      let max = load<f32>(row);
      let arg = 0;
      for (let j = 1; j < n; j++) {
        const v = load<f32>(row + (<usize>j << 2));
        if (v > max) {
          max = v;
          arg = j;
        }
      }
      store<i32>(predicted + (<usize>(b * steps + t) << 2), arg);
      let sum: f32 = 0;
      for (let j = 0; j < n; j++) sum += Mathf.exp(load<f32>(row + (<usize>j << 2)) - max);
      const logSum = Mathf.log(sum);
      for (let j = 0; j < n; j++) {
        const o = <usize>j << 2;
        const logP = load<f32>(row + o) - max - logSum;
        const yj = load<f32>(target + o);
        if (yj != 0) loss -= <f64>yj * <f64>logP;
        store<f32>(row + o, (Mathf.exp(logP) - yj) * inv);
      }
    }
  }
  return loss;
}
