import * as tf from '@tensorflow/tfjs';

// The parts of the wasm backend these kernels use (tfjs-backend-wasm keeps them public on BackendWasm).
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: tf.DataId): boolean;
}

type KernelFunc = tf.KernelConfig['kernelFunc'];
type Attrs = Record<string, unknown>;

/**
 * Copies x[begin : begin + size] into a new tensor straight from the wasm heap. The stock wasm
 * Slice first copies the whole input out of the heap (readSync), so splitting a [512, 512] matrix
 * into four took milliseconds.
 */
function sliceFromHeap(backend: WasmBackendLike, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  // Views after the allocation: growing the heap detaches earlier views.
  const source = backend.typedArrayFromHeap(x);
  const target = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  if (target.length === 0) return out;
  const strides = tf.util.computeStrides(x.shape);
  // Merge the trailing dimensions that are copied whole into one contiguous run.
  let innermost = rank - 1;
  let run = size[rank - 1] ?? 1;
  while (innermost > 0 && size[innermost] === x.shape[innermost]) {
    innermost--;
    run *= size[innermost]!;
  }
  if (rank === 0) {
    target[0] = source[0]!;
    return out;
  }
  const outerShape = size.slice(0, innermost);
  const outerCount = tf.util.sizeFromShape(outerShape);
  const index = new Array<number>(innermost).fill(0);
  const baseOffset = begin.reduce((sum, b, d) => sum + b * (d < rank - 1 ? strides[d]! : 1), 0);
  let written = 0;
  for (let n = 0; n < outerCount; n++) {
    let offset = baseOffset;
    for (let d = 0; d < innermost; d++) offset += index[d]! * strides[d]!;
    target.set(source.subarray(offset, offset + run), written);
    written += run;
    for (let d = innermost - 1; d >= 0; d--) {
      if (++index[d]! < outerShape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

function fastSlice(original: KernelFunc): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const x = inputs['x'] as tf.TensorInfo;
    if (x.dtype === 'string') return original({ inputs, attrs, backend });
    const [begin, size] = tf.slice_util.parseSliceParams(x, (attrs as Attrs)['begin'] as number[], (attrs as Attrs)['size'] as number[]);
    return sliceFromHeap(backend as unknown as WasmBackendLike, x, begin!, size!);
  };
}

function fastSplitV(original: KernelFunc): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const x = inputs['x'] as tf.TensorInfo;
    if (x.dtype === 'string') return original({ inputs, attrs, backend });
    const { numOrSizeSplits, axis } = attrs as { numOrSizeSplits: number | number[]; axis: number | number[] };
    const $axis = tf.util.parseAxisParam(axis, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, $axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    const size = x.shape.slice();
    return sizes.map((s) => {
      size[$axis] = s;
      const out = sliceFromHeap(backend as unknown as WasmBackendLike, x, begin.slice(), size.slice());
      begin[$axis]! += s;
      return out;
    });
  };
}

/**
 * wasm multiplies with a transposed operand at a fraction of its plain speed; transposing
 * explicitly first and multiplying plainly is several times faster. Numerically the same product.
 */
function plainBatchMatMul(original: KernelFunc, transpose: KernelFunc): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original({ inputs, attrs, backend });
    const wasm = backend as unknown as WasmBackendLike;
    const swapLast = (t: tf.TensorInfo) => {
      const perm = t.shape.map((_, k) => k);
      const n = perm.length;
      [perm[n - 2], perm[n - 1]] = [perm[n - 1]!, perm[n - 2]!];
      return transpose({ inputs: { x: t }, attrs: { perm }, backend }) as tf.TensorInfo;
    };
    const a = transposeA ? swapLast(inputs['a'] as tf.TensorInfo) : (inputs['a'] as tf.TensorInfo);
    const b = transposeB ? swapLast(inputs['b'] as tf.TensorInfo) : (inputs['b'] as tf.TensorInfo);
    const result = original({ inputs: { ...inputs, a, b }, attrs: { ...(attrs as Attrs), transposeA: false, transposeB: false }, backend });
    if (transposeA) wasm.disposeData(a.dataId);
    if (transposeB) wasm.disposeData(b.dataId);
    return result;
  };
}

const installed = new Set<string>();

/**
 * Replaces wasm kernels that are slow for training with faster equivalents that compute the same
 * values: Slice and SplitV (read the heap in place instead of copying the whole input first) and
 * BatchMatMul and _FusedMatMul with transposed operands (explicit transpose, then a plain product).
 * Does nothing where the wasm backend is not registered; safe to call more than once.
 * Returns the kernels replaced by this call.
 */
export function installFastKernels(backendName = 'wasm'): string[] {
  const replaced: string[] = [];
  const replace = (name: string, make: (original: KernelFunc) => KernelFunc) => {
    const key = `${backendName}/${name}`;
    if (installed.has(key)) return;
    const config = tf.getKernel(name, backendName);
    if (!config) return;
    tf.unregisterKernel(name, backendName);
    tf.registerKernel({ ...config, kernelFunc: make(config.kernelFunc) });
    installed.add(key);
    replaced.push(name);
  };
  if (backendName !== 'wasm') return replaced;
  replace('Slice', fastSlice);
  replace('SplitV', fastSplitV);
  const transpose = tf.getKernel('Transpose', backendName);
  if (transpose) {
    replace('BatchMatMul', (original) => plainBatchMatMul(original, transpose.kernelFunc));
    // The same for the fused product (bias, activation) that dense layers use; the stock wasm
    // _FusedMatMul also gets transposeA && transposeB wrong in tfjs 4.22.
    replace('_FusedMatMul', (original) => plainBatchMatMul(original, transpose.kernelFunc));
  }
  return replaced;
}
