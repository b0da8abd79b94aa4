import { FLOAT, layout, weightSizes, type KernelShape, type Layout } from './kernel-layout.js';
import type { KernelExports } from './kernel-module.js';
import { KernelParameters } from './kernel-parameters.js';
import { lstmBackward, lstmForward, stepOffset, type LstmSteps } from './kernel-sequence.js';

/** Examples per chunk: bigger chunks leave the cache (at 512, one pass ran at half speed). */
const DEFAULT_CHUNK = 64;

/**
 * One instance of the training kernel with its own memory, laid out for one model shape: the
 * host writes the weights and a batch, `compute` writes the mean loss's gradients, the loss and
 * the argmax predictions. Not thread-safe; one per thread.
 */
export class KernelGradients extends KernelParameters {
  readonly shape: KernelShape;
  readonly sizes: number[];
  private map: Layout;
  private capacity: number;

  constructor(shape: KernelShape, capacity: number, kernel: KernelExports) {
    const map = layout(shape, 1, kernel.heapBase());
    super(kernel, map.parameters);
    this.shape = shape;
    this.sizes = weightSizes(shape);
    this.capacity = 0;
    this.map = map;
    this.reserve(capacity);
  }

  protected regions(): Layout {
    return this.map;
  }

  /** Makes room for batches of `capacity` examples; the weights are kept. */
  reserve(capacity: number): void {
    if (capacity <= this.capacity) return;
    const map = layout(this.shape, capacity, this.kernel.heapBase());
    const memory = this.kernel.memory;
    const needed = map.end - memory.buffer.byteLength;
    if (needed > 0) memory.grow(Math.ceil(needed / 65536));
    this.map = map;
    this.capacity = capacity;
  }

  /** Argmax predictions [batch, answerLength] of the last `compute`. */
  predicted(batch: number): Int32Array {
    return this.lastPredicted(batch * this.shape.answerLength);
  }

  /** Scratch space of `parameters` floats, for another thread's gradients (valid until the next `compute`). */
  scratch(): Float32Array {
    return new Float32Array(this.kernel.memory.buffer, this.map.chunkGrads, this.parameters);
  }

  /** gradients += weight · scratch, in SIMD. */
  addScratch(weight: number): void {
    this.kernel.axpy(this.map.grads, this.map.chunkGrads, this.parameters, weight, 1);
  }

  /**
   * Forward and backward through the whole model for `batch` examples: one-hot `inputs`
   * [batch, questionLength, vocabularySize] and `targets` [batch, answerLength, outputSize].
   * Returns the mean cross-entropy (exact log-softmax) over examples and answer positions; the
   * gradients of that mean are in `gradients()`. The batch runs in chunks of at most
   * `chunkSize` examples, one after the other, whose gradients are summed weighted by size:
   * the working set stays in cache. The split is fixed, so results are reproducible.
   */
  compute(inputs: Float32Array, targets: Float32Array, batch: number, chunkSize = DEFAULT_CHUNK): number {
    const { questionLength: tq, vocabularySize: v, answerLength: ta, outputSize: o } = this.shape;
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be a positive integer, got ${batch}`);
    if (inputs.length !== batch * tq * v || targets.length !== batch * ta * o) {
      throw new RangeError(`a batch of ${batch} needs ${batch * tq * v} input and ${batch * ta * o} target values, got ${inputs.length} and ${targets.length}`);
    }
    this.reserve(Math.min(batch, chunkSize));
    this.transposeWeights();
    return this.computeInChunks(inputs, targets, batch, chunkSize, { inputs: tq * v, targets: ta * o, predicted: ta }, (size) => this.computeChunk(size));
  }

  /** The transposed weights the backward products need: once per step, not once per chunk. */
  private transposeWeights(): void {
    const { outputSize: o, encoderUnits: he, decoderUnits: hd } = this.shape;
    const k = this.kernel;
    const m = this.map;
    k.transpose(m.weight(6), m.woT, hd, o, o, hd);
    k.transpose(m.weight(4), m.whdT, hd, 4 * hd, 4 * hd, hd);
    k.transpose(m.weight(3), m.wdT, he, 4 * hd, 4 * hd, he);
    k.transpose(m.weight(1), m.whT, he, 4 * he, 4 * he, he);
  }

  private computeChunk(batch: number): number {
    const { questionLength: tq, vocabularySize: v, answerLength: ta, outputSize: o, encoderUnits: he, decoderUnits: hd } = this.shape;
    const k = this.kernel;
    const m = this.map;
    const memory = k.memory.buffer;
    const b = batch;
    const he4 = 4 * he;
    const hd4 = 4 * hd;
    const [wx, wh, bias, wd, whd, bd, wo, bo] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => m.weight(i)) as [number, number, number, number, number, number, number, number];
    const [gwx, gwh, gbias, gwd, gwhd, gbd, gwo, gbo] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => m.gradient(i)) as [number, number, number, number, number, number, number, number];
    const step = (region: number, t: number, width: number) => stepOffset(region, t, b, width);

    // Encoder forward. Time-major rows: step t is rows t·b .. t·b + b − 1.
    const encoder: LstmSteps = { z: m.zEnc, c: m.cEnc, tc: m.tcEnc, h: m.hEnc, rows: b, units: he, steps: tq };
    k.fillRows(m.zEnc, bias, tq * b, he4);
    for (let t = 0; t < tq; t += 1) k.gemm(m.x + t * v * FLOAT, wx, step(m.zEnc, t, he4), b, v, he4, tq * v, he4, he4, 1);
    lstmForward(k, encoder, wh);
    const last = step(m.hEnc, tq - 1, he);

    // Decoder forward: RepeatVector gives every step the same input, projected once.
    k.fillRows(m.zD0, bd, b, hd4);
    k.gemm(last, wd, m.zD0, b, he, hd4, he, hd4, hd4, 1);
    const bytes = new Uint8Array(memory);
    for (let t = 0; t < ta; t += 1) bytes.copyWithin(step(m.zDec, t, hd4), m.zD0, m.zD0 + b * hd4 * FLOAT);
    const decoder: LstmSteps = { z: m.zDec, c: m.cDec, tc: m.tcDec, h: m.hDec, rows: b, units: hd, steps: ta };
    lstmForward(k, decoder, whd);
    const rows = ta * b;
    k.fillRows(m.logits, bo, rows, o);
    k.gemm(m.hDec, wo, m.logits, rows, hd, o, hd, o, o, 1);
    // Logits become d(mean loss)/d(logits) in place.
    const loss = k.softmaxCrossEntropy(m.logits, m.y, m.predicted, b, ta, o) / rows;

    // Dense backward.
    k.transpose(m.hDec, m.hDecT, rows, hd, hd, rows);
    k.gemm(m.hDecT, m.logits, gwo, hd, rows, o, rows, o, o, 0);
    k.columnSums(m.logits, gbo, rows, o, 0);
    k.gemm(m.logits, m.woT, m.dhDec, rows, o, hd, o, hd, hd, 0);

    // Decoder backward through time.
    lstmBackward(k, decoder, { outputs: m.dhDec }, { dz: m.dzDec, dc: m.dcDec, carry: m.dhCarryDec, whT: m.whdT });
    bytes.copyWithin(m.dzSum, m.dzDec, m.dzDec + b * hd4 * FLOAT);
    for (let t = 1; t < ta; t += 1) k.addInto(m.dzSum, step(m.dzDec, t, hd4), b * hd4);
    k.gemm(m.hDecT, step(m.dzDec, 1, hd4), gwhd, hd, (ta - 1) * b, hd4, rows, hd4, hd4, 0);
    k.transpose(last, m.lastT, b, he, he, b);
    k.gemm(m.lastT, m.dzSum, gwd, he, b, hd4, b, hd4, hd4, 0);
    k.columnSums(m.dzSum, gbd, b, hd4, 0);
    k.gemm(m.dzSum, m.wdT, m.dhLast, b, hd4, he, hd4, he, he, 0);

    // Encoder backward through time; only its last step feeds the decoder.
    lstmBackward(k, encoder, { last: m.dhLast }, { dz: m.dzEnc, dc: m.dcEnc, carry: m.dhCarryEnc, whT: m.whT });
    const encoderRows = tq * b;
    k.transpose(m.hEnc, m.hEncT, encoderRows, he, he, encoderRows);
    k.gemm(m.hEncT, step(m.dzEnc, 1, he4), gwh, he, (tq - 1) * b, he4, encoderRows, he4, he4, 0);
    for (let t = 0; t < tq; t += 1) k.transpose(m.x + t * v * FLOAT, m.xT + t * b * FLOAT, b, v, tq * v, encoderRows);
    k.gemm(m.xT, m.dzEnc, gwx, v, encoderRows, he4, encoderRows, he4, he4, 0);
    k.columnSums(m.dzEnc, gbias, encoderRows, he4, 0);
    return loss;
  }
}
