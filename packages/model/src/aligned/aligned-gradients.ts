// The aligned model's training step in the WebAssembly kernel: the same building blocks as the
// encoder-decoder's (kernel/kernel-gradients.ts), composed for one LSTM over columns.
import { FLOAT, regionAllocator } from '../kernel/kernel-layout.js';
import type { KernelExports } from '../kernel/kernel-module.js';
import { KernelParameters } from '../kernel/kernel-parameters.js';
import { lstmBackward, lstmForward, stepOffset, type LstmSteps } from '../kernel/kernel-sequence.js';

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
  const { take, end } = regionAllocator(base);
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
  regions.end = end();
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
    return this.lastPredicted(batch * steps);
  }

  /**
   * Forward and backward for `batch` examples of `steps` columns: `inputs` [batch, steps,
   * inputSize] and one-hot `targets` [batch, steps, outputSize]. Returns the mean cross-entropy
   * over examples and steps; its gradients are in `gradients()`. Chunks as the encoder-decoder's.
   */
  compute(inputs: Float32Array, targets: Float32Array, batch: number, steps: number, chunkSize = DEFAULT_CHUNK): number {
    const { inputSize: v, units: h, outputSize: o } = this.shape;
    this.reserve(Math.min(batch, chunkSize), steps);
    const m = this.map;
    this.kernel.transpose(m.weight(1), m.whT, h, 4 * h, 4 * h, h);
    this.kernel.transpose(m.weight(3), m.woT, h, o, o, h);
    return this.computeInChunks(inputs, targets, batch, chunkSize, { inputs: steps * v, targets: steps * o, predicted: steps }, (size) => this.computeChunk(size, steps));
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
    const at = (region: number, t: number, width: number) => stepOffset(region, t, b, width);
    const layer: LstmSteps = { z: m.z, c: m.c, tc: m.tc, h: m.hs, rows: b, units: h, steps };

    // Forward: the input products of every step first, then the recurrence.
    k.fillRows(m.z, bias, rows, h4);
    for (let t = 0; t < steps; t += 1) k.gemm(m.x + t * v * FLOAT, wx, at(m.z, t, h4), b, v, h4, steps * v, h4, h4, 1);
    lstmForward(k, layer, wh);
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
    lstmBackward(k, layer, { outputs: m.dh }, { dz: m.dz, dc: m.dc, carry: m.dhCarry, whT: m.whT });
    if (steps > 1) k.gemm(m.hsT, at(m.dz, 1, h4), gwh, h, (steps - 1) * b, h4, rows, h4, h4, 0);
    else new Float32Array(k.memory.buffer, gwh, h * h4).fill(0);
    for (let t = 0; t < steps; t += 1) k.transpose(m.x + t * v * FLOAT, m.xT + t * b * FLOAT, b, v, steps * v, rows);
    k.gemm(m.xT, m.dz, gwx, v, rows, h4, rows, h4, h4, 0);
    k.columnSums(m.dz, gbias, rows, h4, 0);
    return loss;
  }
}
