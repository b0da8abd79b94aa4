// The addrnn training kernel: the numeric building blocks of one LSTM encoder-decoder training
// step, in WebAssembly with 128-bit SIMD. Every function works on raw float32 buffers in this
// module's memory, addressed by byte offsets that the host (src/kernel/) lays out. All loops run
// in a fixed order, so a result depends only on the inputs, never on timing.
// See ../README.md for how a product is blocked and why.

/** First free byte after the module's static data; the host lays its buffers out from here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(15 as usize);
}

// ---------------------------------------------------------------------------------------------
// Products. C[m, n] (+)= A[m, k] · B[k, n], row-major with row strides lda, ldb, ldc (floats).

@inline
function block4x8(a: usize, b: usize, c: usize, k: i32, lda: usize, ldb: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    const a1 = v128.load32_splat(pa + lda);
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    const a2 = v128.load32_splat(pa + 2 * lda);
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    const a3 = v128.load32_splat(pa + 3 * lda);
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    pa += 4;
    pb += ldb;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc));
    c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
    c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
    c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** One row of C, columns j..j+3. */
@inline
function block1x4(a: usize, b: usize, c: usize, k: i32, ldb: usize, accumulate: bool): void {
  let acc = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(pa), v128.load(pb)));
    pa += 4;
    pb += ldb;
  }
  if (accumulate) acc = f32x4.add(acc, v128.load(c));
  v128.store(c, acc);
}

/** One element of C. */
@inline
function block1x1(a: usize, b: usize, c: usize, k: i32, ldb: usize, accumulate: bool): void {
  let acc: f32 = 0;
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    acc += load<f32>(pa) * load<f32>(pb);
    pa += 4;
    pb += ldb;
  }
  if (accumulate) acc += load<f32>(c);
  store<f32>(c, acc);
}

/** Rows i..i+3 (or one row when rows == 1) across all n columns. */
function rowPanel(a: usize, b: usize, c: usize, rows: i32, k: i32, n: i32, lda: usize, ldb: usize, ldc: usize, accumulate: bool): void {
  let j = 0;
  if (rows == 4) {
    for (; j + 8 <= n; j += 8) block4x8(a, b + (<usize>j << 2), c + (<usize>j << 2), k, lda, ldb, ldc, accumulate);
  }
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * lda;
    const cr = c + <usize>r * ldc;
    let jj = j;
    for (; jj + 4 <= n; jj += 4) block1x4(ar, b + (<usize>jj << 2), cr + (<usize>jj << 2), k, ldb, accumulate);
    for (; jj < n; jj++) block1x1(ar, b + (<usize>jj << 2), cr + (<usize>jj << 2), k, ldb, accumulate);
  }
}

/** C[m, n] = (accumulate ? C : 0) + A[m, k] · B[k, n]. Strides are in floats. */
export function gemm(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, lda: i32, ldb: i32, ldc: i32, accumulate: i32): void {
  const sa = <usize>lda << 2;
  const sb = <usize>ldb << 2;
  const sc = <usize>ldc << 2;
  const acc = accumulate != 0;
  let i = 0;
  for (; i + 4 <= m; i += 4) rowPanel(a + <usize>i * sa, b, c + <usize>i * sc, 4, k, n, sa, sb, sc, acc);
  for (; i < m; i++) rowPanel(a + <usize>i * sa, b, c + <usize>i * sc, 1, k, n, sa, sb, sc, acc);
}

/**
 * dst[cols, rows] = src[rows, cols]ᵀ, with row strides lds for src and ldd for dst (floats).
 * 4×4 blocks go through registers (four loads, eight shuffles, four stores); the edges are scalar.
 */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32, lds: i32, ldd: i32): void {
  const ss = <usize>lds << 2;
  const sd = <usize>ldd << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const s = src + <usize>r * ss;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      const r0 = v128.load(s + o);
      const r1 = v128.load(s + ss + o);
      const r2 = v128.load(s + 2 * ss + o);
      const r3 = v128.load(s + 3 * ss + o);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const d = dst + <usize>c * sd + (<usize>r << 2);
      v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(d + sd, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(d + 2 * sd, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(d + 3 * sd, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
    for (let q = 0; q < 4; q++) {
      const sr = s + <usize>q * ss;
      const dr = dst + (<usize>(r + q) << 2);
      for (let cc = c; cc < cols; cc++) store<f32>(dr + <usize>cc * sd, load<f32>(sr + (<usize>cc << 2)));
    }
  }
  for (; r < rows; r++) {
    const sr = src + <usize>r * ss;
    const dr = dst + (<usize>r << 2);
    for (let c = 0; c < cols; c++) store<f32>(dr + <usize>c * sd, load<f32>(sr + (<usize>c << 2)));
  }
}

/** Each of `rows` rows of dst[rows, n] = v[n]. */
export function fillRows(dst: usize, v: usize, rows: i32, n: i32): void {
  const bytes = <usize>n << 2;
  for (let r = 0; r < rows; r++) memory.copy(dst + <usize>r * bytes, v, bytes);
}

/** dst[n] = (accumulate ? dst : 0) + the sum of the rows of src[rows, n], row by row in order. */
export function columnSums(src: usize, dst: usize, rows: i32, n: i32, accumulate: i32): void {
  if (accumulate == 0) memory.fill(dst, 0, <usize>n << 2);
  for (let r = 0; r < rows; r++) addInto(dst, src + ((<usize>r * <usize>n) << 2), n);
}

/** dst[n] += src[n]. */
export function addInto(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/** dst[n] = (accumulate ? dst : 0) + a·src[n]. */
export function axpy(dst: usize, src: usize, n: i32, a: f32, accumulate: i32): void {
  const av = f32x4.splat(a);
  let i = 0;
  if (accumulate != 0) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(av, v128.load(src + o))));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(dst + o, load<f32>(dst + o) + a * load<f32>(src + o));
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.mul(av, v128.load(src + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(dst + o, a * load<f32>(src + o));
    }
  }
}

/** dst[n] *= s. */
export function scale(dst: usize, n: i32, s: f32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.mul(v128.load(dst + o), sv));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) * s);
  }
}

/** Σ src[i]², summed in f64 in a fixed order. */
export function sumOfSquares(src: usize, n: i32): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(src + (<usize>i << 2));
    total += v * v;
  }
  return total;
}

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

// ---------------------------------------------------------------------------------------------
// Element-wise functions. expv follows Cephes' expf: exp(x) = 2ⁿ·exp(r), |r| ≤ ln2/2, with a
// degree-6 polynomial; relative error about 1e-7 over the clamped range.

@inline
function expv(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504089)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2);
}

@inline
function sigmoidv(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(x))));
}

@inline
function tanhv(x: v128): v128 {
  // tanh(x) = 2σ(2x) − 1
  const two = f32x4.splat(2);
  return f32x4.sub(f32x4.mul(two, sigmoidv(f32x4.mul(two, x))), f32x4.splat(1));
}

@inline
function sigmoid1(x: f32): f32 {
  return f32x4.extract_lane(sigmoidv(f32x4.splat(x)), 0);
}

@inline
function tanh1(x: f32): f32 {
  return f32x4.extract_lane(tanhv(f32x4.splat(x)), 0);
}

// ---------------------------------------------------------------------------------------------
// LSTM cells, gates in tfjs-layers order i, f, c (candidate g), o; each gate h wide.

/**
 * Activates one time step in place and advances the cell. z[rows, 4h] holds the pre-activations
 * (input and recurrent products plus bias) and is overwritten with σ(i), σ(f), tanh(g), σ(o).
 * cPrev[rows, h] (ignored when hasPrev is 0: a zero state), then c = f·cPrev + i·g,
 * tc = tanh(c) and hOut = o·tc. hOut may have its own row stride (floats).
 */
export function lstmCellForward(z: usize, cPrev: usize, c: usize, tc: usize, hOut: usize, rows: i32, h: i32, hasPrev: i32, ldh: i32): void {
  const gateBytes = <usize>h << 2;
  const rowBytes = gateBytes << 2;
  const hStride = <usize>ldh << 2;
  for (let r = 0; r < rows; r++) {
    const zi = z + <usize>r * rowBytes;
    const zf = zi + gateBytes;
    const zg = zf + gateBytes;
    const zo = zg + gateBytes;
    const cp = cPrev + <usize>r * gateBytes;
    const cr = c + <usize>r * gateBytes;
    const tr = tc + <usize>r * gateBytes;
    const hr = hOut + <usize>r * hStride;
    let j = 0;
    for (; j + 4 <= h; j += 4) {
      const o = <usize>j << 2;
      const i4 = sigmoidv(v128.load(zi + o));
      const f4 = sigmoidv(v128.load(zf + o));
      const g4 = tanhv(v128.load(zg + o));
      const o4 = sigmoidv(v128.load(zo + o));
      v128.store(zi + o, i4);
      v128.store(zf + o, f4);
      v128.store(zg + o, g4);
      v128.store(zo + o, o4);
      let c4 = f32x4.mul(i4, g4);
      if (hasPrev) c4 = f32x4.add(c4, f32x4.mul(f4, v128.load(cp + o)));
      const t4 = tanhv(c4);
      v128.store(cr + o, c4);
      v128.store(tr + o, t4);
      v128.store(hr + o, f32x4.mul(o4, t4));
    }
    for (; j < h; j++) {
      const o = <usize>j << 2;
      const i1 = sigmoid1(load<f32>(zi + o));
      const f1 = sigmoid1(load<f32>(zf + o));
      const g1 = tanh1(load<f32>(zg + o));
      const o1 = sigmoid1(load<f32>(zo + o));
      store<f32>(zi + o, i1);
      store<f32>(zf + o, f1);
      store<f32>(zg + o, g1);
      store<f32>(zo + o, o1);
      let c1 = i1 * g1;
      if (hasPrev) c1 += f1 * load<f32>(cp + o);
      const t1 = tanh1(c1);
      store<f32>(cr + o, c1);
      store<f32>(tr + o, t1);
      store<f32>(hr + o, o1 * t1);
    }
  }
}

/**
 * Back-propagates one time step. gates[rows, 4h] are the activated gates of lstmCellForward,
 * tc = tanh(c), cPrev the previous cell (ignored when hasPrev is 0). dh[rows, h] is the total
 * gradient at this step's output; dc[rows, h] carries the cell gradient from the step after
 * (in) and to the step before (out). Writes dz[rows, 4h], the gradient of the pre-activations.
 */
export function lstmCellBackward(gates: usize, tc: usize, cPrev: usize, dh: usize, dc: usize, dz: usize, rows: i32, h: i32, hasPrev: i32): void {
  const gateBytes = <usize>h << 2;
  const rowBytes = gateBytes << 2;
  const one = f32x4.splat(1);
  for (let r = 0; r < rows; r++) {
    const gi = gates + <usize>r * rowBytes;
    const gf = gi + gateBytes;
    const gg = gf + gateBytes;
    const go = gg + gateBytes;
    const di = dz + <usize>r * rowBytes;
    const df = di + gateBytes;
    const dg = df + gateBytes;
    const dout = dg + gateBytes;
    const tr = tc + <usize>r * gateBytes;
    const cp = cPrev + <usize>r * gateBytes;
    const dhr = dh + <usize>r * gateBytes;
    const dcr = dc + <usize>r * gateBytes;
    let j = 0;
    for (; j + 4 <= h; j += 4) {
      const o = <usize>j << 2;
      const i4 = v128.load(gi + o);
      const f4 = v128.load(gf + o);
      const g4 = v128.load(gg + o);
      const o4 = v128.load(go + o);
      const t4 = v128.load(tr + o);
      const dh4 = v128.load(dhr + o);
      const dcell = f32x4.add(v128.load(dcr + o), f32x4.mul(f32x4.mul(dh4, o4), f32x4.sub(one, f32x4.mul(t4, t4))));
      v128.store(di + o, f32x4.mul(f32x4.mul(dcell, g4), f32x4.mul(i4, f32x4.sub(one, i4))));
      const cp4 = hasPrev ? v128.load(cp + o) : f32x4.splat(0);
      v128.store(df + o, f32x4.mul(f32x4.mul(dcell, cp4), f32x4.mul(f4, f32x4.sub(one, f4))));
      v128.store(dg + o, f32x4.mul(f32x4.mul(dcell, i4), f32x4.sub(one, f32x4.mul(g4, g4))));
      v128.store(dout + o, f32x4.mul(f32x4.mul(dh4, t4), f32x4.mul(o4, f32x4.sub(one, o4))));
      v128.store(dcr + o, f32x4.mul(dcell, f4));
    }
    for (; j < h; j++) {
      const o = <usize>j << 2;
      const i1 = load<f32>(gi + o);
      const f1 = load<f32>(gf + o);
      const g1 = load<f32>(gg + o);
      const o1 = load<f32>(go + o);
      const t1 = load<f32>(tr + o);
      const dh1 = load<f32>(dhr + o);
      const dcell = load<f32>(dcr + o) + dh1 * o1 * (1 - t1 * t1);
      store<f32>(di + o, dcell * g1 * (i1 * (1 - i1)));
      const cp1: f32 = hasPrev ? load<f32>(cp + o) : 0;
      store<f32>(df + o, dcell * cp1 * (f1 * (1 - f1)));
      store<f32>(dg + o, dcell * i1 * (1 - g1 * g1));
      store<f32>(dout + o, dh1 * t1 * (o1 * (1 - o1)));
      store<f32>(dcr + o, dcell * f1);
    }
  }
}

// ---------------------------------------------------------------------------------------------
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
