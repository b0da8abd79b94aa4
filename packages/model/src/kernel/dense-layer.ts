// The Dense layer of the training kernel as a forward/backward pair over byte offsets into the
// kernel's memory (llm.c style): the output layer of every network, and the encoder-decoder's
// projection of the encoder's last state into the decoder. Loaded by the gradient workers too.
import type { KernelExports } from './kernel-module.js';

/** A Dense layer over `rows` rows: `x` [rows, inputs] · `weight` [inputs, outputs] + `bias` [outputs] = `y` [rows, outputs]. */
export interface DenseShape {
  rows: number;
  inputs: number;
  outputs: number;
}

/** y := x · W + b. */
export function denseForward(k: KernelExports, shape: DenseShape, buffers: { x: number; weight: number; bias: number; y: number }): void {
  const { rows, inputs, outputs } = shape;
  k.fillRows(buffers.y, buffers.bias, rows, outputs);
  k.gemm(buffers.x, buffers.weight, buffers.y, rows, inputs, outputs, inputs, outputs, outputs, 1);
}

/** Wᵀ [outputs, inputs], which `denseBackward` needs: once per step, not once per chunk. */
export function transposeWeight(k: KernelExports, weight: number, weightT: number, inputs: number, outputs: number): void {
  k.transpose(weight, weightT, inputs, outputs, outputs, inputs);
}

/**
 * From dy [rows, outputs]: dW = xᵀ · dy, db = Σ dy over rows, dx = dy · Wᵀ (`weightT`, see
 * transposeWeight). Leaves xᵀ [inputs, rows] in `xT`, where the layer below may reuse it.
 */
export function denseBackward(
  k: KernelExports,
  shape: DenseShape,
  buffers: { x: number; xT: number; weightT: number; dy: number; dx: number; dWeight: number; dBias: number },
): void {
  const { rows, inputs, outputs } = shape;
  const { x, xT, weightT, dy, dx, dWeight, dBias } = buffers;
  k.transpose(x, xT, rows, inputs, inputs, rows);
  k.gemm(xT, dy, dWeight, inputs, rows, outputs, rows, outputs, outputs, 0);
  k.columnSums(dy, dBias, rows, outputs, 0);
  k.gemm(dy, weightT, dx, rows, outputs, inputs, outputs, inputs, inputs, 0);
}
