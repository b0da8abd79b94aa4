// The aligned model's forward pass for prediction, in the WebAssembly kernel: questions of any
// length, with memory for one chunk of examples and the current step only.
import * as tf from '@tensorflow/tfjs';
import { IncompatibleModelError } from '../errors.js';
import { FLOAT, regionAllocator } from '../kernel/memory-layout.js';
import { instantiateKernel, type KernelExports } from '../kernel/kernel-module.js';
import { alignedInputSize, alignedVariables } from './aligned-model.js';

/** Where a forward pass stops, and what it then writes into the inputs of the steps after (see `AlignedForward.predict`). */
export interface Pause {
  at: number;
  feed(out: Float32Array, inputs: Float32Array, item: number): void;
  /**
   * For a layout with feedback: each step after a pass's first is also given the class the
   * model wrote at the step before, one-hot from input `inputAt` (the argmax among
   * `passClasses[pass]`); the inputs must leave those values 0.
   */
  feedback?: { inputAt: number; passClasses: readonly (readonly [number, number])[] };
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
    this.inputSize = alignedInputSize(variables);
    this.outputSize = variables[3]!.shape[1]!;
    this.base = kernel.heapBase();
    this.reserve(1);
    const memory = new Float32Array(kernel.memory.buffer);
    const { wx, wh, bias, wo, bo } = this.offsets;
    // An embedding P [inputs, e] before the LSTM's kernel Wx [e, 4h] is one linear map of the
    // inputs: prediction uses P · Wx [inputs, 4h] in Wx's place.
    const embedding = variables[5];
    const inputWeights = embedding ? tf.tidy(() => tf.matMul(embedding, variables[0]!).dataSync() as Float32Array) : (variables[0]!.dataSync() as Float32Array);
    memory.set(inputWeights, wx / FLOAT);
    [wh, bias, wo, bo].forEach((offset, i) => memory.set(variables[i + 1]!.dataSync() as Float32Array, offset / FLOAT));
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
      const feedback = pause?.feedback;
      this.chunk(inputs, start, size, 0, at, steps, out, states, softmax, feedback && { inputAt: feedback.inputAt, classes: feedback.passClasses[0]! });
      if (pause && at < steps) {
        for (let item = start; item < start + size; item += 1) pause.feed(out, inputs, item);
        this.chunk(inputs, start, size, at, steps, steps, out, states, softmax, feedback && { inputAt: feedback.inputAt, classes: feedback.passClasses[1]! });
      }
    }
    return out;
  }

  /** Steps [from, to) of examples [first, first + b), from a fresh state (the start of a sequence or of a pass): probabilities into `out`, and each step's states into `states` when given. */
  private chunk(inputs: Float32Array, first: number, b: number, from: number, to: number, steps: number, out: Float32Array, states?: States, softmax = true, feedback?: { inputAt: number; classes: readonly [number, number] }): void {
    const k = this.kernel;
    const h = this.units;
    const h4 = 4 * h;
    const v = this.inputSize;
    const o = this.outputSize;
    const m = this.offsets;
    // With feedback: the class each example wrote at the step before, whose input weights'
    // row is added to the step's input products (the one-hot the layout would lay out).
    const fed = feedback && new Int32Array(b);
    // Views made once per call: the kernel's memory grows only in reserve(), never in here.
    const heap = fed && new Float32Array(k.memory.buffer);
    const fedWeights = (m.wx + (feedback?.inputAt ?? 0) * h4 * FLOAT) / FLOAT;
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
        if (fed && carried) addFedRows(heap!, z / FLOAT, fedWeights, fed, h4);
        k.lstmCellForward(z, carried ? m.c[previous]! : 0, m.c[current]!, m.tc, m.h[current]!, b, h, carried ? 1 : 0, h);
        if (states) copyStates(k, m.h[current]!, m.c[current]!, states, first, b, steps, step, h);
        k.gemm(m.h[current]!, m.wo, m.logits + t * b * o * FLOAT, b, h, o, h, o, o, 1);
        if (fed) argmaxRows(heap!, (m.logits + t * b * o * FLOAT) / FLOAT, b, o, feedback!.classes, fed);
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

/** Adds to each row r of the step's input products at `z` ([b, h4], float index into `heap`) row `fed[r]` of the weights at `rows` ([classes, h4]). */
function addFedRows(heap: Float32Array, z: number, rows: number, fed: Int32Array, h4: number): void {
  for (let r = 0; r < fed.length; r += 1) {
    const from = rows + fed[r]! * h4;
    const to = z + r * h4;
    for (let j = 0; j < h4; j += 1) heap[to + j] = heap[to + j]! + heap[from + j]!;
  }
}

/** The argmax of each row's logits at `logits` ([b, o], float index into `heap`) among classes [from, to), into `fed`. */
function argmaxRows(heap: Float32Array, logits: number, b: number, o: number, [from, to]: readonly [number, number], fed: Int32Array): void {
  for (let r = 0; r < b; r += 1) {
    const row = logits + r * o;
    let best = from;
    for (let c = from + 1; c < to; c += 1) if (heap[row + c]! > heap[row + best]!) best = c;
    fed[r] = best;
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
