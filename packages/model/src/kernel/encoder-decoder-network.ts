// The encoder-decoder in the training kernel: LSTM (last state) -> RepeatVector -> LSTM
// (sequences) -> Dense softmax per step, composed from the layers' forward/backward pairs.
// Loaded by the gradient workers too.
import { denseBackward, denseForward, transposeWeight } from './dense-layer.js';
import type { KernelExports } from './kernel-module.js';
import { KernelNetwork } from './kernel-network.js';
import { lstmBackward, lstmForward, lstmInputBackward, lstmInputForward, lstmRecurrentBackward, stepOffset, type LstmSteps } from './lstm-layer.js';
import { FLOAT, growTo, regionAllocator, takeParameterRegions, type NetworkPlacement } from './memory-layout.js';
import type { EncoderDecoderDescription } from './model-description.js';

/**
 * Examples per chunk: bigger chunks leave the cache (at 512, one pass ran at half speed; one
 * thread trained batches of 128 and 512 4-7% faster in chunks of 32 than of 64).
 */
const DEFAULT_CHUNK = 32;

/** Byte offsets of every buffer, for chunks of up to `capacity` examples. */
function layout(description: EncoderDecoderDescription, capacity: number, base: number) {
  const { questionLength: tq, inputSize: v, answerLength: ta, outputSize: o, encoderUnits: he, decoderUnits: hd } = description;
  const b = capacity;
  const { take, end } = regionAllocator(base);
  const regions = {
    ...takeParameterRegions(take, description.parameterCount),
    whT: take(4 * he * he),
    whdT: take(4 * hd * hd),
    wdT: take(4 * hd * he),
    woT: take(o * hd),
    x: take(b * tq * v),
    xT: take(v * tq * b),
    y: take(b * ta * o),
    predicted: take(b * ta),
    zEnc: take(tq * b * 4 * he),
    cEnc: take(tq * b * he),
    tcEnc: take(tq * b * he),
    hEnc: take(tq * b * he),
    hEncT: take(he * tq * b),
    zD0: take(b * 4 * hd),
    zDec: take(ta * b * 4 * hd),
    cDec: take(ta * b * hd),
    tcDec: take(ta * b * hd),
    hDec: take(ta * b * hd),
    hDecT: take(hd * ta * b),
    logits: take(ta * b * o),
    dhDec: take(ta * b * hd),
    dzDec: take(ta * b * 4 * hd),
    dzSum: take(b * 4 * hd),
    lastT: take(he * b),
    dhCarryDec: take(b * hd),
    dcDec: take(b * hd),
    dhLast: take(b * he),
    dzEnc: take(tq * b * 4 * he),
    dhCarryEnc: take(b * he),
    dcEnc: take(b * he),
  };
  return { ...regions, end: end() };
}

type Layout = ReturnType<typeof layout>;

/** Bytes the encoder-decoder's regions take for chunks of up to `capacity` examples (a thread's share of a shared memory). */
export function encoderDecoderBytes(description: EncoderDecoderDescription, capacity: number): number {
  return layout(description, capacity, 0).end;
}

/** The encoder-decoder's network: one per thread, with its own kernel instance. */
export class EncoderDecoderNetwork extends KernelNetwork {
  override readonly description: EncoderDecoderDescription;
  readonly preferredChunk = DEFAULT_CHUNK;
  private map: Layout;
  private capacity = 0;
  readonly #placement: NetworkPlacement | undefined;

  /** On its own instance's memory by default; `placement` puts it in a memory that other threads' networks share. */
  constructor(description: EncoderDecoderDescription, kernel: KernelExports, capacity = 1, placement?: NetworkPlacement) {
    super(kernel, description);
    this.description = description;
    this.#placement = placement;
    this.map = this.layoutFor(1);
    this.reserve(capacity);
  }

  /** The regions for chunks of `capacity` examples, where the placement puts them. */
  private layoutFor(capacity: number): Layout {
    const placement = this.#placement;
    const map = layout(this.description, capacity, placement?.base ?? this.kernel.heapBase());
    if (placement === undefined) return map;
    if (map.end > placement.limit) {
      throw new RangeError(`chunks of ${capacity} examples need ${map.end - placement.base} bytes, but this thread's share of the shared memory holds ${placement.limit - placement.base}`);
    }
    return map;
  }

  protected regions(): Layout {
    return this.map;
  }

  /** Makes room for chunks of `capacity` examples; the parameters stay where they are. */
  reserve(capacity: number): void {
    if (capacity <= this.capacity) return;
    const map = this.layoutFor(capacity);
    growTo(this.kernel.memory, map.end);
    this.map = map;
    this.capacity = capacity;
  }

  compute(inputs: Float32Array, targets: Float32Array, batch: number, chunkSize = DEFAULT_CHUNK): number {
    const { questionLength: tq, inputSize: v, answerLength: ta, outputSize: o, encoderUnits: he, decoderUnits: hd } = this.description;
    this.checkBatch(inputs, targets, batch);
    this.reserve(Math.min(batch, chunkSize));
    // The transposed weights the backward products need: once per step, not once per chunk.
    const k = this.kernel;
    const m = this.map;
    transposeWeight(k, this.weight(6), m.woT, hd, o);
    transposeWeight(k, this.weight(4), m.whdT, hd, 4 * hd);
    transposeWeight(k, this.weight(3), m.wdT, he, 4 * hd);
    transposeWeight(k, this.weight(1), m.whT, he, 4 * he);
    return this.computeInChunks(inputs, targets, batch, chunkSize, { inputs: tq * v, targets: ta * o, predicted: ta }, (size) => this.computeChunk(size));
  }

  forward(inputs: Float32Array, targets: Float32Array, batch: number, chunkSize = DEFAULT_CHUNK): number {
    const { questionLength: tq, inputSize: v, answerLength: ta, outputSize: o } = this.description;
    this.checkBatch(inputs, targets, batch);
    this.reserve(Math.min(batch, chunkSize));
    return this.computeInChunks(inputs, targets, batch, chunkSize, { inputs: tq * v, targets: ta * o, predicted: ta }, (size) => this.computeChunk(size, false), false);
  }

  private checkBatch(inputs: Float32Array, targets: Float32Array, batch: number): void {
    const { questionLength: tq, inputSize: v, answerLength: ta, outputSize: o } = this.description;
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be a positive integer, got ${batch}`);
    if (inputs.length !== batch * tq * v || targets.length !== batch * ta * o) {
      throw new RangeError(`a batch of ${batch} needs ${batch * tq * v} input and ${batch * ta * o} target values, got ${inputs.length} and ${targets.length}`);
    }
  }

  private computeChunk(b: number, backward = true): number {
    const { questionLength: tq, inputSize: v, answerLength: ta, outputSize: o, encoderUnits: he, decoderUnits: hd } = this.description;
    const k = this.kernel;
    const m = this.map;
    const hd4 = 4 * hd;
    const [wx, wh, bias, wd, whd, bd, wo, bo] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => this.weight(i)) as [number, number, number, number, number, number, number, number];
    const [gwx, gwh, gbias, gwd, gwhd, gbd, gwo, gbo] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => this.gradient(i)) as [number, number, number, number, number, number, number, number];
    const input = { x: m.x, inputs: v };

    // Encoder forward.
    const encoder: LstmSteps = { z: m.zEnc, c: m.cEnc, tc: m.tcEnc, h: m.hEnc, rows: b, units: he, steps: tq };
    lstmInputForward(k, encoder, input, wx, bias);
    lstmForward(k, encoder, wh);
    const last = stepOffset(m.hEnc, tq - 1, b, he);

    // Decoder forward: RepeatVector gives every step the same input, projected once.
    const repeat = { rows: b, inputs: he, outputs: hd4 };
    denseForward(k, repeat, { x: last, weight: wd, bias: bd, y: m.zD0 });
    const bytes = new Uint8Array(k.memory.buffer);
    for (let t = 0; t < ta; t += 1) bytes.copyWithin(stepOffset(m.zDec, t, b, hd4), m.zD0, m.zD0 + b * hd4 * FLOAT);
    const decoder: LstmSteps = { z: m.zDec, c: m.cDec, tc: m.tcDec, h: m.hDec, rows: b, units: hd, steps: ta };
    lstmForward(k, decoder, whd);
    const rows = ta * b;
    const output = { rows, inputs: hd, outputs: o };
    denseForward(k, output, { x: m.hDec, weight: wo, bias: bo, y: m.logits });
    // Logits become d(mean loss)/d(logits) in place.
    const loss = k.softmaxCrossEntropy(m.logits, m.y, m.predicted, b, ta, o) / rows;
    if (!backward) return loss;

    // Backward: the output layer, the decoder through time, the repeated projection, the encoder.
    denseBackward(k, output, { x: m.hDec, xT: m.hDecT, weightT: m.woT, dy: m.logits, dx: m.dhDec, dWeight: gwo, dBias: gbo });
    lstmBackward(k, decoder, { outputs: m.dhDec }, { dz: m.dzDec, dc: m.dcDec, carry: m.dhCarryDec, whT: m.whdT });
    bytes.copyWithin(m.dzSum, m.dzDec, m.dzDec + b * hd4 * FLOAT);
    for (let t = 1; t < ta; t += 1) k.addInto(m.dzSum, stepOffset(m.dzDec, t, b, hd4), b * hd4);
    lstmRecurrentBackward(k, decoder, m.hDecT, m.dzDec, gwhd);
    denseBackward(k, repeat, { x: last, xT: m.lastT, weightT: m.wdT, dy: m.dzSum, dx: m.dhLast, dWeight: gwd, dBias: gbd });
    // Only the encoder's last step feeds the decoder.
    lstmBackward(k, encoder, { last: m.dhLast }, { dz: m.dzEnc, dc: m.dcEnc, carry: m.dhCarryEnc, whT: m.whT });
    k.transpose(m.hEnc, m.hEncT, tq * b, he, he, tq * b);
    lstmRecurrentBackward(k, encoder, m.hEncT, m.dzEnc, gwh);
    lstmInputBackward(k, encoder, { ...input, xT: m.xT }, m.dzEnc, gwx, gbias);
    return loss;
  }
}
