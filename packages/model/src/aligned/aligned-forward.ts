// The aligned model's forward pass for prediction, in the WebAssembly kernel: questions of any
// length, with memory for one chunk of examples and the current step only.
import * as tf from '@tensorflow/tfjs';
import { IncompatibleModelError } from '../errors.js';
import { FLOAT, regionAllocator } from '../kernel/memory-layout.js';
import { instantiateKernel, type KernelExports } from '../kernel/kernel-module.js';
import { alignedVariables } from './aligned-model.js';

/** Where a forward pass stops, and what it then writes into the inputs of the steps after (see `AlignedForward.predict`). */
export interface Pause {
  at: number;
  feed(out: Float32Array, inputs: Float32Array, item: number): void;
}

type States = { hidden: Float32Array; cell: Float32Array };

/** Examples per forward chunk: a step's rows stay in cache. */
const CHUNK = 256;
/** Steps whose input products are computed in one product. */
const STEP_BLOCK = 64;

/**
 * Runs an aligned model's forward pass: per-step probabilities [count, steps, outputSize] for
 * one-hot column inputs [count, steps, inputSize] (20 and 10 for the adder, 24 and 12 for the
 * signed layout). The weights are read from the model at construction; make a
 * new one after the model's weights change.
 */
export class AlignedForward {
  readonly units: number;
  /** Values per input column and classes per output step, read off the model's weights. */
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly kernel: KernelExports;
  private readonly base: number;
  private capacity = 0;
  private offsets = { wx: 0, wh: 0, bias: 0, wo: 0, bo: 0, x: 0, z: 0, c: [0, 0], tc: 0, h: [0, 0], logits: 0, end: 0 };

  constructor(model: tf.LayersModel, kernel: KernelExports = instantiateKernel()) {
    const variables = alignedVariables(model);
    if (variables === undefined) throw new IncompatibleModelError(`model "${model.name}" is not an aligned model (one LSTM and a Dense output)`);
    this.kernel = kernel;
    this.units = variables[1]!.shape[0]!;
    this.inputSize = variables[0]!.shape[0]!;
    this.outputSize = variables[3]!.shape[1]!;
    this.base = kernel.heapBase();
    this.reserve(1);
    const memory = new Float32Array(kernel.memory.buffer);
    const { wx, wh, bias, wo, bo } = this.offsets;
    [wx, wh, bias, wo, bo].forEach((offset, i) => memory.set(variables[i]!.dataSync() as Float32Array, offset / FLOAT));
  }

  private reserve(capacity: number): void {
    if (capacity <= this.capacity) return;
    const h = this.units;
    const v = this.inputSize;
    const o = this.outputSize;
    const { take, end } = regionAllocator(this.base);
    // The weights come first, so they stay in place when the buffers grow.
    const offsets = {
      wx: take(v * 4 * h), wh: take(h * 4 * h), bias: take(4 * h), wo: take(h * o), bo: take(o),
      x: take(capacity * STEP_BLOCK * v),
      z: take(STEP_BLOCK * capacity * 4 * h),
      c: [take(capacity * h), take(capacity * h)],
      tc: take(capacity * h),
      h: [take(capacity * h), take(capacity * h)],
      logits: take(STEP_BLOCK * capacity * o),
      end: 0,
    };
    offsets.end = end();
    const needed = offsets.end - this.kernel.memory.buffer.byteLength;
    if (needed > 0) this.kernel.memory.grow(Math.ceil(needed / 65536));
    this.offsets = offsets;
    this.capacity = capacity;
  }

  /**
   * Probabilities [count, steps, outputSize] (softmax per step). With `pause`, each chunk of
   * examples stops after step `pause.at - 1`, `pause.feed(out, inputs, item)` writes the inputs of
   * the later steps of each of its examples from what the model wrote so far (the signed
   * layout's sign), and the steps from `pause.at` on run as a second sequence, from a fresh
   * state (the signed layout's second pass).
   */
  predict(inputs: Float32Array, count: number, steps: number, pause?: Pause): Float32Array {
    return this.run(inputs, count, steps, pause);
  }

  /**
   * The logits [count, steps, outputSize] of {@link predict}, without the softmax: their argmax
   * is the probabilities' (the answers alone need no more), for a fraction of the time.
   */
  logits(inputs: Float32Array, count: number, steps: number, pause?: Pause): Float32Array {
    return this.run(inputs, count, steps, pause, undefined, false);
  }

  /**
   * The LSTM's hidden and cell states after each step, each [count, steps, units], for one-hot
   * column inputs [count, steps, inputSize]: the states the probabilities of {@link predict} are
   * read from (with the same `pause`, for a layout that feeds the model's own output back).
   */
  states(inputs: Float32Array, count: number, steps: number, pause?: Pause): { hidden: Float32Array; cell: Float32Array } {
    const size = count * steps * this.units;
    const states = { hidden: new Float32Array(size), cell: new Float32Array(size) };
    this.run(inputs, count, steps, pause, states);
    return states;
  }

  private run(inputs: Float32Array, count: number, steps: number, pause: Pause | undefined, states?: States, softmax = true): Float32Array {
    const out = new Float32Array(count * steps * this.outputSize);
    const at = pause ? Math.min(Math.max(pause.at, 0), steps) : steps;
    for (let start = 0; start < count; start += CHUNK) {
      const size = Math.min(CHUNK, count - start);
      this.reserve(size);
      this.chunk(inputs, start, size, 0, at, steps, out, states, softmax);
      if (pause && at < steps) {
        for (let item = start; item < start + size; item += 1) pause.feed(out, inputs, item);
        this.chunk(inputs, start, size, at, steps, steps, out, states, softmax);
      }
    }
    return out;
  }

  /** Steps [from, to) of examples [first, first + b), from a fresh state (the start of a sequence or of a pass): probabilities into `out`, and each step's states into `states` when given. */
  private chunk(inputs: Float32Array, first: number, b: number, from: number, to: number, steps: number, out: Float32Array, states?: States, softmax = true): void {
    const k = this.kernel;
    const h = this.units;
    const h4 = 4 * h;
    const v = this.inputSize;
    const o = this.outputSize;
    const m = this.offsets;
    for (let block = from; block < to; block += STEP_BLOCK) {
      const width = Math.min(STEP_BLOCK, to - block);
      // This block's columns, example-major [b, width, v], then their input products, time-major.
      const memory = new Float32Array(k.memory.buffer);
      for (let r = 0; r < b; r += 1) {
        const from = ((first + r) * steps + block) * v;
        memory.set(inputs.subarray(from, from + width * v), m.x / FLOAT + r * width * v);
      }
      k.fillRows(m.z, m.bias, width * b, h4);
      for (let t = 0; t < width; t += 1) k.gemm(m.x + t * v * FLOAT, m.wx, m.z + t * b * h4 * FLOAT, b, v, h4, width * v, h4, h4, 1);
      k.fillRows(m.logits, m.bo, width * b, o);
      for (let t = 0; t < width; t += 1) {
        const step = block + t;
        const z = m.z + t * b * h4 * FLOAT;
        const previous = (step + 1) % 2;
        const current = step % 2;
        const carried = step > from;
        if (carried) k.gemm(m.h[previous]!, m.wh, z, b, h, h4, h, h4, h4, 1);
        k.lstmCellForward(z, carried ? m.c[previous]! : 0, m.c[current]!, m.tc, m.h[current]!, b, h, carried ? 1 : 0, h);
        if (states) copyStates(k, m.h[current]!, m.c[current]!, states, first, b, steps, step, h);
        k.gemm(m.h[current]!, m.wo, m.logits + t * b * o * FLOAT, b, h, o, h, o, o, 1);
      }
      const logits = new Float32Array(k.memory.buffer, m.logits, width * b * o);
      for (let t = 0; t < width; t += 1) {
        for (let r = 0; r < b; r += 1) {
          const from = (t * b + r) * o;
          const to = ((first + r) * steps + block + t) * o;
          if (softmax) softmaxInto(logits, from, out, to, o);
          else for (let j = 0; j < o; j += 1) out[to + j] = logits[from + j]!;
        }
      }
    }
  }
}

/** Copies one step's hidden and cell rows [b, h] to the examples' rows of `states` ([count, steps, h]). */
function copyStates(k: KernelExports, hidden: number, cell: number, states: { hidden: Float32Array; cell: Float32Array }, first: number, b: number, steps: number, step: number, h: number): void {
  const hiddenRows = new Float32Array(k.memory.buffer, hidden, b * h);
  const cellRows = new Float32Array(k.memory.buffer, cell, b * h);
  for (let r = 0; r < b; r += 1) {
    const to = ((first + r) * steps + step) * h;
    states.hidden.set(hiddenRows.subarray(r * h, (r + 1) * h), to);
    states.cell.set(cellRows.subarray(r * h, (r + 1) * h), to);
  }
}

function softmaxInto(logits: Float32Array, from: number, out: Float32Array, to: number, n: number): void {
  let max = -Infinity;
  for (let j = 0; j < n; j += 1) max = Math.max(max, logits[from + j]!);
  let sum = 0;
  for (let j = 0; j < n; j += 1) {
    const e = Math.exp(logits[from + j]! - max);
    out[to + j] = e;
    sum += e;
  }
  for (let j = 0; j < n; j += 1) out[to + j] = out[to + j]! / sum;
}
