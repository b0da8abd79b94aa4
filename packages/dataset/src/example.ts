import type { HardCaseKind } from '@addrnn/codec';
import type { Split } from './split.js';

/** A question and its exact answer, as strings (`{ question: '535+61', answer: '596' }`). */
export interface Example {
  /** The question, e.g. `'535+61'`. */
  question: string;
  /** Its exact answer, e.g. `'596'`. */
  answer: string;
}

/** A hard case: an example with what makes it hard and the split its pair belongs to. */
export interface HardCase extends Example {
  /** What makes it hard: a long carry or borrow chain, a zero operand, the largest operands, very unequal lengths or a large product. */
  kind: HardCaseKind;
  /** The split its pair belongs to: a hard case is a stress test, not a held-out set. */
  split: Split;
}

/**
 * A batch of examples encoded into one buffer each, ready for `tf.tensor3d(inputs, inputShape)`.
 * Two layouts share it: the sequence layout of `encodeExamples` (shapes below) and the
 * column-aligned layout of `encodeAlignedExamples`, where `steps` is the batch's longest
 * operand + 1 and rows are columns, least significant first.
 */
export interface EncodedBatch {
  /** Examples in the batch. */
  size: number;
  /** The batch's questions, in row order. */
  questions: string[];
  /** Their exact answers, in row order. */
  answers: string[];
  /**
   * One-hot questions, row-major `[size, questionLength, vocabularySize]`; aligned:
   * `[size, steps, 20]` (the left operand's digit one-hot, then the right's).
   */
  inputs: Float32Array;
  /** The shape of `inputs`, for `tf.tensor3d(inputs, inputShape)`. */
  inputShape: [number, number, number];
  /** One-hot answers, row-major `[size, answerLength, vocabularySize]`; aligned: `[size, steps, 10]` (digits). */
  targets: Float32Array;
  /** The shape of `targets`. */
  targetShape: [number, number, number];
  /**
   * The answers' vocabulary indices, row-major `[size, answerLength]` (aligned: digits
   * `[size, steps]`): the class each row of `targets` is one-hot for, to count right answers
   * without an argmax over `targets`.
   */
  answerIndices: Int32Array;
}
