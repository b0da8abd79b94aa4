// The aligned model's training step in the WebAssembly kernel: the same building blocks as the
// encoder-decoder's (kernel/kernel-gradients.ts), composed for one LSTM over columns.
import { FLOAT } from '../kernel/kernel-layout.js';
import type { KernelExports } from '../kernel/kernel-module.js';
import { KernelParameters } from '../kernel/kernel-parameters.js';

/** Examples per chunk, as for the encoder-decoder: the working set stays in cache. */
const DEFAULT_CHUNK = 64;

/** The sizes of an aligned model: columns of `inputSize`, `units` LSTM units, `outputSize` classes per step. */
export interface AlignedShape {
  inputSize: number;
  units: number;
  outputSize: number;
}

/** Element counts of [kernel, recurrent kernel, bias, dense kernel, dense bias]. */
export function alignedWeightSizes(shape: AlignedShape): number[] {
  const { inputSize: v, units: h, outputSize: o } = shape;
  return [v * 4 * h, h * 4 * h, 4 * h, h * o, o];
}

function alignedLayout(shape: AlignedShape, capacity: number, steps: number, base: number) {
  const { inputSize: v, units: h, outputSize: o } = shape;
  const rows = capacity * steps;
  let next = base;
  const take = (floats: number): number => {
    const at = next;
    next += Math.ceil((floats * FLOAT) / 16) * 16;
    return at;
  };
  const sizes = alignedWeightSizes(shape);
  const parameters = sizes.reduce((sum, size) => sum + size, 0);
  const regions = {
    parameters,
    params: take(parameters),
    grads: take(parameters),
    chunkGrads: take(parameters),
    firstMoments: take(parameters),
    secondMoments: take(parameters),
    whT: take(4 * h * h),
    woT: take(o * h),
    x: take(rows * v),
    xT: take(rows * v),
    y: take(rows * o),
    predicted: take(rows),
    z: take(rows * 4 * h),
    c: take(rows * h),
    tc: take(rows * h),
    hs: take(rows * h),
    hsT: take(rows * h),
    logits: take(rows * o),
    dh: take(rows * h),
    dz: take(rows * 4 * h),
    dhCarry: take(capacity * h),
    dc: take(capacity * h),
    end: 0,
  };
  regions.end = next;
  const at = (region: number, index: number) => region + sizes.slice(0, index).reduce((sum, size) => sum + size, 0) * FLOAT;
  return { ...regions, weight: (index: number) => at(regions.params, index), gradient: (index: number) => at(regions.chunkGrads, index) };
}

type AlignedLayout = ReturnType<typeof alignedLayout>;

/**
 * One instance of the kernel laid out for an aligned model: the host writes the weights and a
 * batch of any number of steps, `compute` writes the mean loss's gradients, the loss and the
 * argmax predictions; the weights, gradients and Adam's moments are KernelParameters'.
 */
export class AlignedGradients extends KernelParameters {
  readonly shape: AlignedShape;
  private map: AlignedLayout;
  private capacity = 0;
  private steps = 0;
  private allPredicted: Int32Array | undefined;

  constructor(shape: AlignedShape, kernel: KernelExports) {
    const map = alignedLayout(shape, 1, 1, kernel.heapBase());
    super(kernel, map.parameters);
    this.shape = shape;
    this.map = map;
    this.reserve(1, 1);
  }

  protected regions(): AlignedLayout {
    return this.map;
  }

  /** Makes room for chunks of `capacity` examples of `steps` columns; the weights and moments stay where they are. */
  reserve(capacity: number, steps: number): void {
    if (capacity <= this.capacity && steps <= this.steps) return;
    const map = alignedLayout(this.shape, Math.max(capacity, this.capacity), Math.max(steps, this.steps), this.kernel.heapBase());
    const needed = map.end - this.kernel.memory.buffer.byteLength;
    if (needed > 0) this.kernel.memory.grow(Math.ceil(needed / 65536));
    this.map = map;
    this.capacity = Math.max(capacity, this.capacity);
    this.steps = Math.max(steps, this.steps);
  }









  /** Argmax predictions [batch, steps] of the last `compute`. */
  predicted(batch: number, steps: number): Int32Array {
    if (this.allPredicted) return this.allPredicted.subarray(0, batch * steps);
    return new Int32Array(this.kernel.memory.buffer, this.map.predicted, batch * steps);
  }

  /**
   * Forward and backward for `batch` examples of `steps` columns: `inputs` [batch, steps,
   * inputSize] and one-hot `targets` [batch, steps, outputSize]. Returns the mean cross-entropy
   * over examples and steps; its gradients are in `gradients()`. Chunks as the encoder-decoder's.
   */
  compute(inputs: Float32Array, targets: Float32Array, batch: number, steps: number, chunkSize = DEFAULT_CHUNK): number {
    const { inputSize: v, outputSize: o } = this.shape;
    this.reserve(Math.min(batch, chunkSize), steps);
    const k = this.kernel;
    const m = this.map;
    const { units: h } = this.shape;
    k.transpose(m.weight(1), m.whT, h, 4 * h, 4 * h, h);
    k.transpose(m.weight(3), m.woT, h, o, o, h);
    let loss = 0;
    let predicted: Int32Array | undefined;
    for (let start = 0; start < batch; start += chunkSize) {
      const size = Math.min(chunkSize, batch - start);
      const memory = k.memory.buffer;
      new Float32Array(memory, m.x, size * steps * v).set(inputs.subarray(start * steps * v, (start + size) * steps * v));
      new Float32Array(memory, m.y, size * steps * o).set(targets.subarray(start * steps * o, (start + size) * steps * o));
      const weight = size / batch;
      loss += this.computeChunk(size, steps) * weight;
      k.axpy(m.grads, m.chunkGrads, this.parameters, weight, start === 0 ? 0 : 1);
      if (size < batch) {
        predicted ??= new Int32Array(batch * steps);
        predicted.set(new Int32Array(memory, m.predicted, size * steps), start * steps);
      }
    }
    this.allPredicted = predicted;
    return loss;
  }

  private computeChunk(b: number, steps: number): number {
    const { inputSize: v, units: h, outputSize: o } = this.shape;
    const k = this.kernel;
    const m = this.map;
    const h4 = 4 * h;
    const rows = steps * b;
    const [wx, wh, bias, wo, bo] = [0, 1, 2, 3, 4].map((i) => m.weight(i)) as [number, number, number, number, number];
    const [gwx, gwh, gbias, gwo, gbo] = [0, 1, 2, 3, 4].map((i) => m.gradient(i)) as [number, number, number, number, number];
    // Time-major rows: step t is rows t·b .. t·b + b − 1.
    const at = (region: number, t: number, width: number) => region + t * b * width * FLOAT;

    // Forward: the input products of every step first, then the recurrence.
    k.fillRows(m.z, bias, rows, h4);
    for (let t = 0; t < steps; t += 1) k.gemm(m.x + t * v * FLOAT, wx, at(m.z, t, h4), b, v, h4, steps * v, h4, h4, 1);
    for (let t = 0; t < steps; t += 1) {
      const z = at(m.z, t, h4);
      if (t > 0) k.gemm(at(m.hs, t - 1, h), wh, z, b, h, h4, h, h4, h4, 1);
      k.lstmCellForward(z, t > 0 ? at(m.c, t - 1, h) : 0, at(m.c, t, h), at(m.tc, t, h), at(m.hs, t, h), b, h, t > 0 ? 1 : 0, h);
    }
    k.fillRows(m.logits, bo, rows, o);
    k.gemm(m.hs, wo, m.logits, rows, h, o, h, o, o, 1);
    // Logits become d(mean loss)/d(logits) in place.
    const loss = k.softmaxCrossEntropy(m.logits, m.y, m.predicted, b, steps, o) / rows;

    // Dense backward.
    k.transpose(m.hs, m.hsT, rows, h, h, rows);
    k.gemm(m.hsT, m.logits, gwo, h, rows, o, rows, o, o, 0);
    k.columnSums(m.logits, gbo, rows, o, 0);
    k.gemm(m.logits, m.woT, m.dh, rows, o, h, o, h, h, 0);

    // Back-propagation through time.
    new Float32Array(k.memory.buffer, m.dc, b * h).fill(0);
    for (let t = steps - 1; t >= 0; t -= 1) {
      const dh = at(m.dh, t, h);
      if (t < steps - 1) k.addInto(dh, m.dhCarry, b * h);
      const dz = at(m.dz, t, h4);
      k.lstmCellBackward(at(m.z, t, h4), at(m.tc, t, h), t > 0 ? at(m.c, t - 1, h) : 0, dh, m.dc, dz, b, h, t > 0 ? 1 : 0);
      if (t > 0) k.gemm(dz, m.whT, m.dhCarry, b, h4, h, h4, h, h, 0);
    }
    if (steps > 1) k.gemm(m.hsT, at(m.dz, 1, h4), gwh, h, (steps - 1) * b, h4, rows, h4, h4, 0);
    else new Float32Array(k.memory.buffer, gwh, h * h4).fill(0);
    for (let t = 0; t < steps; t += 1) k.transpose(m.x + t * v * FLOAT, m.xT + t * b * FLOAT, b, v, steps * v, rows);
    k.gemm(m.xT, m.dz, gwx, v, rows, h4, rows, h4, h4, 0);
    k.columnSums(m.dz, gbias, rows, h4, 0);
    return loss;
  }
}
