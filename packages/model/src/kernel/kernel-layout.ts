// Where the training kernel keeps each buffer in its memory, for one model shape and batch size.
// Loaded by the gradient workers too: imports nothing at run time (types only).
import type * as tf from '@tensorflow/tfjs';
import type { FusedModelSpec } from '../fused/model-spec.js';

/** The sizes of the encoder-decoder the kernel computes. */
export interface KernelShape {
  questionLength: number;
  vocabularySize: number;
  answerLength: number;
  outputSize: number;
  encoderUnits: number;
  decoderUnits: number;
}

/** Element counts of the weights in WEIGHT_ROLES order (see fused/model-spec.ts). */
export function weightSizes(shape: KernelShape): number[] {
  const { vocabularySize: v, outputSize: o, encoderUnits: he, decoderUnits: hd } = shape;
  return [v * 4 * he, he * 4 * he, 4 * he, he * 4 * hd, hd * 4 * hd, 4 * hd, hd * o, o];
}

/** Bytes per float32. */
export const FLOAT = 4;

/** Hands out 16-byte aligned regions of float32s from `base` on; `end()` is the first free byte after them. */
export function regionAllocator(base: number): { take(floats: number): number; end(): number } {
  let next = base;
  return {
    take(floats) {
      const at = next;
      next += Math.ceil((floats * FLOAT) / 16) * 16;
      return at;
    },
    end: () => next,
  };
}

/** Byte offsets of every buffer, for batches of up to `capacity` examples. */
export function layout(shape: KernelShape, capacity: number, base: number) {
  const { questionLength: tq, vocabularySize: v, answerLength: ta, outputSize: o, encoderUnits: he, decoderUnits: hd } = shape;
  const b = capacity;
  const { take, end } = regionAllocator(base);
  const sizes = weightSizes(shape);
  const parameters = sizes.reduce((sum, size) => sum + size, 0);
  const params = take(parameters);
  const grads = take(parameters);
  const chunkGrads = take(parameters);
  const firstMoments = take(parameters);
  const secondMoments = take(parameters);
  const at = (region: number, index: number) => region + sizes.slice(0, index).reduce((sum, size) => sum + size, 0) * FLOAT;
  return {
    parameters,
    params,
    grads,
    chunkGrads,
    firstMoments,
    secondMoments,
    weight: (index: number) => at(params, index),
    gradient: (index: number) => at(chunkGrads, index),
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
    end: end(),
  };
}

export type Layout = ReturnType<typeof layout>;

/** The kernel's view of a model: its sizes, and its variables in WEIGHT_ROLES order. */
export interface KernelModel {
  spec: FusedModelSpec;
  shape: KernelShape;
  /** Variables in WEIGHT_ROLES order. */
  variables: tf.Variable[];
  /** For each variable of `spec.trainable` (the optimizer's order), its index in `variables`. */
  trainableIndex: number[];
}
