import type { HardCaseKind } from '@addrnn/codec';
import type { Split } from './split.js';

/** A question and its exact answer, as strings (`{ question: '535+61', answer: '596' }`). */
export interface Example {
  question: string;
  answer: string;
}

/** A hard case: an example with what makes it hard and the split its pair belongs to. */
export interface HardCase extends Example {
  kind: HardCaseKind;
  split: Split;
}

/**
 * A batch of examples encoded into one buffer each, ready for `tf.tensor3d(inputs, inputShape)`.
 * Two layouts share it: the sequence layout of `encodeExamples` (shapes below) and the
 * column-aligned layout of `encodeAlignedExamples`, where `steps` is the batch's longest
 * operand + 1 and rows are columns, least significant first.
 */
export interface EncodedBatch {
  size: number;
  questions: string[];
  answers: string[];
  /**
   * One-hot questions, row-major `[size, questionLength, vocabularySize]`; aligned:
   * `[size, steps, 20]` (the left operand's digit one-hot, then the right's).
   */
  inputs: Float32Array;
  inputShape: [number, number, number];
  /** One-hot answers, row-major `[size, answerLength, vocabularySize]`; aligned: `[size, steps, 10]` (digits). */
  targets: Float32Array;
  targetShape: [number, number, number];
  /**
   * The answers' vocabulary indices, row-major `[size, answerLength]` (aligned: digits
   * `[size, steps]`): the class each row of `targets` is one-hot for, to count right answers
   * without an argmax over `targets`.
   */
  answerIndices: Int32Array;
}
