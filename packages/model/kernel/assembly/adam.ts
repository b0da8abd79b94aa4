// The Adam update of the training kernel (see index.ts).

/**
 * One Adam update of w[n] from the gradients g[n], with first and second moments m[n], v[n], in
 * the order and float32 rounding of tfjs's AdamOptimizer: m = m·β1 + g·(1−β1),
 * v = v·β2 + g²·(1−β2), w = (m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε) · (−lr) + w.
 */
export function adam(w: usize, g: usize, m: usize, v: usize, n: i32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, oneMinusAccBeta1: f32, oneMinusAccBeta2: f32, epsilon: f32, negativeRate: f32): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const a1 = f32x4.splat(oneMinusAccBeta1);
  const a2 = f32x4.splat(oneMinusAccBeta2);
  const eps = f32x4.splat(epsilon);
  const rate = f32x4.splat(negativeRate);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const g4 = v128.load(g + o);
    const m4 = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(g4, c1));
    const v4 = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(g4, g4), c2));
    v128.store(m + o, m4);
    v128.store(v + o, v4);
    const step = f32x4.mul(f32x4.div(f32x4.div(m4, a1), f32x4.add(f32x4.sqrt(f32x4.div(v4, a2)), eps)), rate);
    v128.store(w + o, f32x4.add(step, v128.load(w + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const g1 = load<f32>(g + o);
    const m1 = load<f32>(m + o) * beta1 + g1 * oneMinusBeta1;
    const v1 = load<f32>(v + o) * beta2 + g1 * g1 * oneMinusBeta2;
    store<f32>(m + o, m1);
    store<f32>(v + o, v1);
    store<f32>(w + o, ((m1 / oneMinusAccBeta1) / (Mathf.sqrt(v1 / oneMinusAccBeta2) + epsilon)) * negativeRate + load<f32>(w + o));
  }
}
