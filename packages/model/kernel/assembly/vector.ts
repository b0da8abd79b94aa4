// Vector operations of the training kernel on float32 buffers (see index.ts).

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

/**
 * Σ src[i]², in f64 in a fixed order: eight running sums (element i goes to sum i mod 8, two f64
 * lanes in each of four SIMD accumulators, so that the adds do not wait on each other), added
 * up in lane order at the end, then the tail. A float32 squared is exact in f64.
 */
export function sumOfSquares(src: usize, n: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let s2 = f64x2.splat(0);
  let s3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    const a = v128.load(src + o);
    const b = v128.load(src + o, 16);
    const a0 = f64x2.promote_low_f32x4(a);
    const a1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1));
    const b0 = f64x2.promote_low_f32x4(b);
    const b1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 0, 1));
    s0 = f64x2.add(s0, f64x2.mul(a0, a0));
    s1 = f64x2.add(s1, f64x2.mul(a1, a1));
    s2 = f64x2.add(s2, f64x2.mul(b0, b0));
    s3 = f64x2.add(s3, f64x2.mul(b1, b1));
  }
  let total: f64 =
    f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1) +
    f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1) + f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
  for (; i < n; i++) {
    const v = <f64>load<f32>(src + (<usize>i << 2));
    total += v * v;
  }
  return total;
}
