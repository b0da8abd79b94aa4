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

/** Σ src[i]², summed in f64 in a fixed order. */
export function sumOfSquares(src: usize, n: i32): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(src + (<usize>i << 2));
    total += v * v;
  }
  return total;
}
