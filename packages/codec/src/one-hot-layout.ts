import { checkArrayLike, checkBatch, checkCount, checkOut, checkRegion } from './buffer-region.js';
import { readAnswer, type DecodedAnswer } from './decoded-answer.js';
import { describeValue } from './describe-value.js';
import { BufferSizeError, InvalidAnswerError } from './errors.js';
import type { IndexLayout, SequenceKind } from './index-layout.js';
import { PADDING } from './vocabulary.js';

/**
 * One-hot rows of validated text, row-major `[length, vocabularySize]` per sequence and
 * `[count, length, vocabularySize]` per batch, laid out by an {@link IndexLayout}; and answers
 * read back from per-slot scores of the same shape by argmax.
 */
export class OneHotLayout {
  readonly #indices: IndexLayout;
  readonly #scratch: Int32Array;

  constructor(indices: IndexLayout) {
    this.#indices = indices;
    this.#scratch = new Int32Array(Math.max(indices.questionLength, indices.answerLength));
  }

  /** Values in one sequence: `length * vocabularySize`. */
  size(kind: SequenceKind): number {
    return this.#indices.length(kind) * this.#indices.vocabulary.length;
  }

  /** The shape of one sequence, for messages. */
  shape(kind: SequenceKind): string {
    return `[${kind}Length ${this.#indices.length(kind)}, vocabularySize ${this.#indices.vocabulary.length}]`;
  }

  /**
   * One sequence, into `out` at element `offset` when given (zeroing that region first);
   * without `offset`, `out` must be exactly one sequence long.
   */
  one(kind: SequenceKind, text: string, out: unknown, offset: number | undefined): Float32Array {
    const size = this.size(kind);
    const given = checkOut(out, Float32Array);
    if (given === undefined && offset !== undefined && offset !== 0) {
      throw new BufferSizeError(
        `offset ${describeValue(offset)} needs an out buffer to write into; without out a new buffer of one ${kind} is returned`,
      );
    }
    const target = given ?? new Float32Array(size);
    const start = checkRegion(target, 'out', size, this.shape(kind), given === undefined ? undefined : offset);
    this.#write(kind, text, target, start);
    return target;
  }

  /** Many sequences, into `out` (already checked to be a Float32Array) when given. */
  batch(kind: SequenceKind, texts: readonly string[], out: Float32Array | undefined): Float32Array {
    const size = this.size(kind);
    const target = out ?? new Float32Array(texts.length * size);
    checkBatch(target, 'out', texts.length, size, this.shape(kind));
    texts.forEach((text, item) => this.#write(kind, text, target, item * size));
    return target;
  }

  /** One answer from scores `[answerLength, vocabularySize]` at `offset`, as in `Codec.decodeAnswerProbabilities`. */
  decode(probabilities: unknown, offset: number | undefined): DecodedAnswer {
    const buffer = checkArrayLike(probabilities, 'probabilities');
    const start = checkRegion(buffer, 'probabilities', this.size('answer'), this.shape('answer'), offset);
    return this.#argmaxAnswer(buffer, start);
  }

  /** `count` answers from scores `[count, answerLength, vocabularySize]`. */
  decodeBatch(probabilities: unknown, count: unknown): DecodedAnswer[] {
    const buffer = checkArrayLike(probabilities, 'probabilities');
    const size = this.size('answer');
    const items = checkCount(count);
    checkBatch(buffer, 'probabilities', items, size, this.shape('answer'));
    const answers: DecodedAnswer[] = [];
    for (let item = 0; item < items; item += 1) answers.push(this.#argmaxAnswer(buffer, item * size));
    return answers;
  }

  #write(kind: SequenceKind, text: string, out: Float32Array, offset: number): void {
    const length = this.#indices.length(kind);
    const size = this.#indices.vocabulary.length;
    this.#indices.write(kind, text, this.#scratch, 0);
    out.fill(0, offset, offset + length * size);
    for (let slot = 0; slot < length; slot += 1) out[offset + slot * size + (this.#scratch[slot] ?? 0)] = 1;
  }

  /** The highest score in each slot wins (the first on a tie); its score is the probability as given. */
  #argmaxAnswer(probabilities: ArrayLike<number>, start: number): DecodedAnswer {
    const { vocabulary, answerLength, reverseAnswer } = this.#indices;
    const size = vocabulary.length;
    const characters: string[] = [];
    const chosen: number[] = [];
    for (let slot = 0; slot < answerLength; slot += 1) {
      let best = 0;
      let bestValue = -Infinity;
      for (let index = 0; index < size; index += 1) {
        const at = start + slot * size + index;
        const value = probabilities[at];
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new InvalidAnswerError(
            `probabilities[${at}] must be a finite number, got ${describeValue(value)}; did the model diverge?`,
          );
        }
        if (value > bestValue) {
          best = index;
          bestValue = value;
        }
      }
      characters.push(vocabulary[best] ?? PADDING);
      chosen.push(bestValue);
    }
    return readAnswer(characters, chosen, reverseAnswer);
  }
}
