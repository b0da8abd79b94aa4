// The aligned model in the training kernel: one LSTM over digit columns -> Dense softmax per
// column, over batches of any number of steps, composed from the same layer pairs as the
// encoder-decoder. Loaded by the gradient workers too.
import { denseBackward, denseForward, transposeWeight } from './dense-layer.js';
import type { KernelExports } from './kernel-module.js';
import { KernelNetwork } from './kernel-network.js';
import { lstmBackward, lstmForward, lstmInputBackward, lstmInputForward, lstmRecurrentBackward, transposeSteps, type LstmSteps } from './lstm-layer.js';
import { growTo, regionAllocator, takeParameterRegions } from './memory-layout.js';
import type { AlignedDescription } from './model-description.js';

/** Examples per chunk, as for the encoder-decoder: the working set stays in cache. */
const DEFAULT_CHUNK = 64;

function layout(description: AlignedDescription, capacity: number, steps: number, base: number) {
  const { inputSize: v, units: h, outputSize: o } = description;
  const e = description.embedding ?? 0;
  const rows = capacity * steps;
  const { take, end } = regionAllocator(base);
  const regions = {
    ...takeParameterRegions(take, description.parameterCount),
    whT: take(4 * h * h),
    woT: take(o * h),
    // The embedding's: Wxᵀ [4h, e], the embedded inputs [rows, e], their transpose and gradient.
    wxT: take(4 * h * e),
    embedded: take(rows * e),
    embeddedT: take(rows * e),
    dEmbedded: take(rows * e),
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
  };
  return { ...regions, end: end() };
}

type Layout = ReturnType<typeof layout>;

/** The aligned model's network: one per thread, with its own kernel instance. */
export class AlignedNetwork extends KernelNetwork {
  override readonly description: AlignedDescription;
  readonly preferredChunk = DEFAULT_CHUNK;
  private map: Layout;
  private capacity = 0;
  private steps = 0;

  constructor(description: AlignedDescription, kernel: KernelExports, capacity = 1) {
    super(kernel, description);
    this.description = description;
    this.map = layout(description, 1, 1, kernel.heapBase());
    this.reserve(capacity, 1);
  }

  protected regions(): Layout {
    return this.map;
  }

  /** Makes room for chunks of `capacity` examples of `steps` columns; the parameters stay where they are. */
  reserve(capacity: number, steps: number): void {
    if (capacity <= this.capacity && steps <= this.steps) return;
    const map = layout(this.description, Math.max(capacity, this.capacity), Math.max(steps, this.steps), this.kernel.heapBase());
    growTo(this.kernel.memory, map.end);
    this.map = map;
    this.capacity = Math.max(capacity, this.capacity);
    this.steps = Math.max(steps, this.steps);
  }

  /**
   * `inputs` [batch, steps, inputSize], one-hot `targets` [batch, steps, outputSize], for any
   * number of steps. With `passes` > 1 each example is that many sequences end to end, each
   * run from a fresh state: the same memory as [batch · passes, steps / passes, …].
   */
  compute(inputs: Float32Array, targets: Float32Array, examples: number, chunkSize = DEFAULT_CHUNK): number {
    const { units: h, outputSize: o } = this.description;
    const { batch, steps } = this.stepsOf(inputs, targets, examples);
    this.reserve(Math.min(batch, chunkSize * this.description.passes), steps);
    const m = this.map;
    transposeWeight(this.kernel, this.weight(1), m.whT, h, 4 * h);
    transposeWeight(this.kernel, this.weight(3), m.woT, h, o);
    if (this.description.embedding !== undefined) transposeWeight(this.kernel, this.weight(0), m.wxT, this.description.embedding, 4 * h);
    return this.computeInChunks(inputs, targets, batch, chunkSize * this.description.passes, this.per(steps), (size) => this.computeChunk(size, steps));
  }

  forward(inputs: Float32Array, targets: Float32Array, examples: number, chunkSize = DEFAULT_CHUNK): number {
    const { batch, steps } = this.stepsOf(inputs, targets, examples);
    this.reserve(Math.min(batch, chunkSize * this.description.passes), steps);
    return this.computeInChunks(inputs, targets, batch, chunkSize * this.description.passes, this.per(steps), (size) => this.computeChunk(size, steps, false), false);
  }

  /** The sequences and steps of a batch of `examples`; throws RangeError when the arrays do not fit. */
  private stepsOf(inputs: Float32Array, targets: Float32Array, examples: number): { batch: number; steps: number } {
    const { inputSize: v, outputSize: o, passes } = this.description;
    const batch = examples * passes;
    const steps = inputs.length / (batch * v);
    if (!Number.isInteger(examples) || examples < 1 || !Number.isInteger(steps) || steps < 1 || targets.length !== batch * steps * o) {
      throw new RangeError(`a batch of ${examples} needs batch · steps · ${v} input and batch · steps · ${o} target values, with steps a multiple of ${passes}, got ${inputs.length} and ${targets.length}`);
    }
    return { batch, steps };
  }

  private per(steps: number): { inputs: number; targets: number; predicted: number } {
    const { inputSize: v, outputSize: o } = this.description;
    return { inputs: steps * v, targets: steps * o, predicted: steps };
  }

  private computeChunk(b: number, steps: number, backward = true): number {
    const { inputSize: v, units: h, outputSize: o } = this.description;
    const k = this.kernel;
    const m = this.map;
    const rows = steps * b;
    const [wx, wh, bias, wo, bo] = [0, 1, 2, 3, 4].map((i) => this.weight(i)) as [number, number, number, number, number];
    const [gwx, gwh, gbias, gwo, gbo] = [0, 1, 2, 3, 4].map((i) => this.gradient(i)) as [number, number, number, number, number];
    const layer: LstmSteps = { z: m.z, c: m.c, tc: m.tc, h: m.hs, rows: b, units: h, steps };
    const e = this.description.embedding;
    // With an embedding the LSTM reads the inputs projected to e values: x · P, example-major like x.
    const input = e === undefined ? { x: m.x, inputs: v, xT: m.xT } : { x: m.embedded, inputs: e, xT: m.embeddedT };
    const output = { rows, inputs: h, outputs: o };

    if (e !== undefined) k.gemm(m.x, this.weight(5), m.embedded, rows, v, e, v, e, e, 0);
    lstmInputForward(k, layer, input, wx, bias);
    lstmForward(k, layer, wh);
    denseForward(k, output, { x: m.hs, weight: wo, bias: bo, y: m.logits });
    // Logits become d(mean loss)/d(logits) in place.
    const loss = k.softmaxCrossEntropy(m.logits, m.y, m.predicted, b, steps, o) / rows;
    if (!backward) return loss;

    denseBackward(k, output, { x: m.hs, xT: m.hsT, weightT: m.woT, dy: m.logits, dx: m.dh, dWeight: gwo, dBias: gbo });
    lstmBackward(k, layer, { outputs: m.dh }, { dz: m.dz, dc: m.dc, carry: m.dhCarry, whT: m.whT });
    lstmRecurrentBackward(k, layer, m.hsT, m.dz, gwh);
    lstmInputBackward(k, layer, input, m.dz, gwx, gbias);
    if (e !== undefined) embeddingBackward(k, layer, { x: m.x, xT: m.xT, inputs: v }, { dz: m.dz, wxT: m.wxT, dEmbedded: m.dEmbedded, size: e }, this.gradient(5));
    return loss;
  }
}

/**
 * The embedding's gradient: d(embedded) = dz · Wxᵀ (time-major [steps·rows, e], as dz), then
 * dP = Σ_t x_tᵀ · d(embedded)_t through the inputs transposed (`xT` [inputs, steps·rows]).
 */
function embeddingBackward(
  k: KernelExports,
  layer: LstmSteps,
  input: { x: number; xT: number; inputs: number },
  buffers: { dz: number; wxT: number; dEmbedded: number; size: number },
  dWeight: number,
): void {
  const all = layer.steps * layer.rows;
  const h4 = 4 * layer.units;
  const e = buffers.size;
  k.gemm(buffers.dz, buffers.wxT, buffers.dEmbedded, all, h4, e, h4, e, e, 0);
  transposeSteps(k, layer, input);
  k.gemm(input.xT, buffers.dEmbedded, dWeight, input.inputs, all, e, all, e, e, 0);
}
