import { readAnswerText } from './decoded-answer.js';
import { describeValue } from './describe-value.js';
import type { AddrnnError } from './errors.js';
import { PADDING } from './vocabulary.js';

export type SequenceKind = 'question' | 'answer';
export type ErrorClass = new (message: string, options?: ErrorOptions) => AddrnnError;

/**
 * Where each character of a question or answer goes in its sequence of vocabulary indices,
 * and back. A question is padded on the right to `questionLength` and then, with
 * `reverseQuestion`, the whole padded sequence is reversed (padding first, as in Keras). An
 * answer is reversed first when `reverseAnswer` is set and then padded on the right to
 * `answerLength`, so its least significant digit is always in slot 0. Text is not validated
 * here; the codec checks it first.
 */
export class IndexLayout {
  readonly vocabulary: readonly string[];
  readonly questionLength: number;
  readonly answerLength: number;
  readonly reverseQuestion: boolean;
  readonly reverseAnswer: boolean;
  readonly #indexOf = new Map<string, number>();
  readonly #padIndex: number;

  constructor(layout: {
    vocabulary: readonly string[];
    questionLength: number;
    answerLength: number;
    reverseQuestion: boolean;
    reverseAnswer: boolean;
  }) {
    this.vocabulary = layout.vocabulary;
    this.questionLength = layout.questionLength;
    this.answerLength = layout.answerLength;
    this.reverseQuestion = layout.reverseQuestion;
    this.reverseAnswer = layout.reverseAnswer;
    this.vocabulary.forEach((character, index) => this.#indexOf.set(character, index));
    this.#padIndex = this.#indexOf.get(PADDING) ?? 0;
  }

  length(kind: SequenceKind): number {
    return kind === 'question' ? this.questionLength : this.answerLength;
  }

  /** Writes the indices of validated `text` into `target` from element `offset`. */
  write(kind: SequenceKind, text: string, target: Int32Array, offset: number): void {
    const length = this.length(kind);
    const reverseAll = kind === 'question' && this.reverseQuestion;
    const reverseText = kind === 'answer' && this.reverseAnswer;
    for (let slot = 0; slot < length; slot += 1) {
      let position = reverseAll ? length - 1 - slot : slot;
      if (reverseText && position < text.length) position = text.length - 1 - position;
      const character = text[position];
      target[offset + slot] = character === undefined ? this.#padIndex : (this.#indexOf.get(character) ?? this.#padIndex);
    }
  }

  /**
   * The text of one sequence of indices from element `offset`: trailing padding stripped,
   * reversal undone, not validated (an untrained model's `'1 2'` reads as `'1 2'`).
   * @throws ErrorType when an index is not an integer index into the vocabulary.
   */
  read(kind: SequenceKind, indices: ArrayLike<number>, name: string, offset: number, ErrorType: ErrorClass): string {
    const length = this.length(kind);
    const characters: string[] = [];
    for (let slot = offset; slot < offset + length; slot += 1) {
      const index = indices[slot];
      const character = typeof index === 'number' && Number.isInteger(index) ? this.vocabulary[index] : undefined;
      if (character === undefined) {
        throw new ErrorType(
          `${name}[${slot}] must be an integer from 0 to ${this.vocabulary.length - 1} (an index into the vocabulary), got ${describeValue(index)}`,
        );
      }
      characters.push(character);
    }
    if (kind === 'question') {
      if (this.reverseQuestion) characters.reverse();
      return readAnswerText(characters, false);
    }
    return readAnswerText(characters, this.reverseAnswer);
  }
}
