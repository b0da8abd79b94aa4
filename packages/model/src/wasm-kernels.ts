import * as tf from '@tensorflow/tfjs';

type KernelFunc = tf.KernelConfig['kernelFunc'];
type TensorInfo = tf.TensorInfo;
interface Backend {
  disposeData(dataId: object): void;
}

const installed = new Set<string>();

/**
 * Makes the wasm backend's transposed matrix products fast.
 *
 * XNNPACK in tfjs-backend-wasm 4.x multiplies `A @ B` at 8-21 GFLOP/s at this model's shapes,
 * but `Aᵀ @ B` at about 1.3 and `A @ Bᵀ` at about 2.6: the transposed paths are not packed.
 * Backpropagation through a dense or recurrent layer is made of exactly those products. This
 * re-registers `BatchMatMul` and `_FusedMatMul` for the wasm backend so that a transposed
 * operand is first transposed explicitly (one cheap memory pass) and then multiplied on the
 * plain path. Results are the same products, so the model computes the same function.
 *
 * Idempotent; returns false when the wasm backend is not registered.
 */
export function installFastWasmKernels(): boolean {
  if (tf.findBackendFactory('wasm') === null) return false;
  patch('BatchMatMul');
  patch('_FusedMatMul');
  return true;
}

function patch(kernelName: string): void {
  if (installed.has(kernelName)) return;
  const original = tf.getKernel(kernelName, 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return;
  const originalFunc = original.kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, attrs = {}, backend } = args;
    const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return originalFunc(args);
    const temporaries: TensorInfo[] = [];
    const swapLastTwo = (x: TensorInfo): TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array(rank).keys()];
      [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
      const result = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
      temporaries.push(result);
      return result;
    };
    const a = inputs['a'] as TensorInfo;
    const b = inputs['b'] as TensorInfo;
    const newInputs = { ...inputs, a: transposeA ? swapLastTwo(a) : a, b: transposeB ? swapLastTwo(b) : b };
    try {
      return originalFunc({ inputs: newInputs, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const temporary of temporaries) (backend as Backend).disposeData(temporary.dataId);
    }
  };
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
  installed.add(kernelName);
}
