// The LSTM layer of the training kernel as forward/backward pairs over byte offsets into the
// kernel's memory (llm.c style): the input projection, the recurrence through time and their
// gradients, shared by the encoder, the decoder and the aligned model. Time-major buffers: step
// t is rows t·rows .. t·rows + rows − 1. Loaded by the gradient workers too.
import type { KernelExports } from './kernel-module.js';
import { FLOAT } from './memory-layout.js';

/**
 * A layer's time-major buffers: `z` [steps·rows, 4h] pre-activations, then gates; `c` cells,
 * `tc` tanh(c), `h` outputs [steps·rows, h].
 */
export interface LstmSteps {
  z: number;
  c: number;
  tc: number;
  h: number;
  rows: number;
  units: number;
  steps: number;
}

/** Where an example-major input batch `x` [rows, steps, inputs] sits, read step by step. */
export interface LstmInput {
  x: number;
  inputs: number;
}

/** Byte offset of step `t` in a time-major region of `width` floats per row. */
export function stepOffset(region: number, t: number, rows: number, width: number): number {
  return region + t * rows * width * FLOAT;
}

/** z := x_t · W + b for every step t, from the example-major input (the first half of the forward pass). */
export function lstmInputForward(k: KernelExports, layer: LstmSteps, input: LstmInput, weight: number, bias: number): void {
  const { z, rows, units, steps } = layer;
  const h4 = 4 * units;
  k.fillRows(z, bias, steps * rows, h4);
  for (let t = 0; t < steps; t += 1) k.gemm(input.x + t * input.inputs * FLOAT, weight, stepOffset(z, t, rows, h4), rows, input.inputs, h4, steps * input.inputs, h4, h4, 1);
}

/**
 * The recurrence: `z` holds each step's input product and bias; adds h_{t−1}·R (`wh`, [h, 4h])
 * and runs the cell, from a zero state.
 */
export function lstmForward(k: KernelExports, layer: LstmSteps, wh: number): void {
  const { z, c, tc, h, rows, units, steps } = layer;
  const h4 = 4 * units;
  for (let t = 0; t < steps; t += 1) {
    const zt = stepOffset(z, t, rows, h4);
    if (t > 0) k.gemm(stepOffset(h, t - 1, rows, units), wh, zt, rows, units, h4, units, h4, h4, 1);
    k.lstmCellForward(zt, t > 0 ? stepOffset(c, t - 1, rows, units) : 0, stepOffset(c, t, rows, units), stepOffset(tc, t, rows, units), stepOffset(h, t, rows, units), rows, units, t > 0 ? 1 : 0, units);
  }
}

/**
 * Back-propagation through time, writing `dz` [steps·rows, 4h]. The gradient at each step's
 * output is either `outputs` (time-major [steps·rows, h], one per step, overwritten) or, for a
 * layer whose last step alone feeds on, `last` [rows, h]; the recurrent part comes back through
 * `whT` (Rᵀ, [4h, h]) in `carry` [rows, h]. `dc` [rows, h] is scratch for the cell gradient.
 */
export function lstmBackward(
  k: KernelExports,
  layer: LstmSteps,
  gradient: { outputs: number } | { last: number },
  buffers: { dz: number; dc: number; carry: number; whT: number },
): void {
  const { z, c, tc, rows, units, steps } = layer;
  const { dz, dc, carry, whT } = buffers;
  const h4 = 4 * units;
  new Float32Array(k.memory.buffer, dc, rows * units).fill(0);
  for (let t = steps - 1; t >= 0; t -= 1) {
    let dh: number;
    if ('outputs' in gradient) {
      dh = stepOffset(gradient.outputs, t, rows, units);
      if (t < steps - 1) k.addInto(dh, carry, rows * units);
    } else {
      dh = t === steps - 1 ? gradient.last : carry;
    }
    const dzt = stepOffset(dz, t, rows, h4);
    k.lstmCellBackward(stepOffset(z, t, rows, h4), stepOffset(tc, t, rows, units), t > 0 ? stepOffset(c, t - 1, rows, units) : 0, dh, dc, dzt, rows, units, t > 0 ? 1 : 0);
    if (t > 0) k.gemm(dzt, whT, carry, rows, h4, units, h4, units, units, 0);
  }
}

/** dR = Σ_t h_{t−1}ᵀ · dz_t, from the outputs transposed (`hT` [h, steps·rows]); zero for one step. */
export function lstmRecurrentBackward(k: KernelExports, layer: LstmSteps, hT: number, dz: number, dWeight: number): void {
  const { rows, units, steps } = layer;
  const h4 = 4 * units;
  if (steps > 1) k.gemm(hT, stepOffset(dz, 1, rows, h4), dWeight, units, (steps - 1) * rows, h4, steps * rows, h4, h4, 0);
  else new Float32Array(k.memory.buffer, dWeight, units * h4).fill(0);
}

/** The example-major input `x` [rows, steps, inputs] transposed into `xT` [inputs, steps·rows], time-major columns. */
export function transposeSteps(k: KernelExports, layer: Pick<LstmSteps, 'rows' | 'steps'>, input: LstmInput & { xT: number }): void {
  const { rows, steps } = layer;
  for (let t = 0; t < steps; t += 1) k.transpose(input.x + t * input.inputs * FLOAT, input.xT + t * rows * FLOAT, rows, input.inputs, steps * input.inputs, steps * rows);
}

/** The input projection's gradients: dW = Σ_t x_tᵀ · dz_t (through `xT` [inputs, steps·rows]) and db = Σ dz. */
export function lstmInputBackward(k: KernelExports, layer: LstmSteps, input: LstmInput & { xT: number }, dz: number, dWeight: number, dBias: number): void {
  const { rows, units, steps } = layer;
  const h4 = 4 * units;
  const all = steps * rows;
  transposeSteps(k, layer, input);
  k.gemm(input.xT, dz, dWeight, input.inputs, all, h4, all, h4, h4, 0);
  k.columnSums(dz, dBias, all, h4, 0);
}
