// Products and transposes of the training kernel (see index.ts and ../README.md).

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

/**
 * One row of C, columns j..j+15: four independent accumulators, so that a row left over (a batch
 * or shard not a multiple of 4) does not wait on one chain of adds. Each element is summed over
 * p in the same order as in block4x8, so the results are the same bits.
 */
@inline
function block1x16(a: usize, b: usize, c: usize, k: i32, ldb: usize, accumulate: bool): void {
  let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0), acc2 = f32x4.splat(0), acc3 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    const a0 = v128.load32_splat(pa);
    acc0 = f32x4.add(acc0, f32x4.mul(a0, v128.load(pb)));
    acc1 = f32x4.add(acc1, f32x4.mul(a0, v128.load(pb, 16)));
    acc2 = f32x4.add(acc2, f32x4.mul(a0, v128.load(pb, 32)));
    acc3 = f32x4.add(acc3, f32x4.mul(a0, v128.load(pb, 48)));
    pa += 4;
    pb += ldb;
  }
  if (accumulate) {
    acc0 = f32x4.add(acc0, v128.load(c));
    acc1 = f32x4.add(acc1, v128.load(c, 16));
    acc2 = f32x4.add(acc2, v128.load(c, 32));
    acc3 = f32x4.add(acc3, v128.load(c, 48));
  }
  v128.store(c, acc0);
  v128.store(c, acc1, 16);
  v128.store(c, acc2, 32);
  v128.store(c, acc3, 48);
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
    for (; jj + 16 <= n; jj += 16) block1x16(ar, b + (<usize>jj << 2), cr + (<usize>jj << 2), k, ldb, accumulate);
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
