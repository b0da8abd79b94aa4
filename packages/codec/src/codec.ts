import { checkArrayLike, checkBatch, checkCount, checkOut, checkRegion } from './buffer-region.js';
import { checkVocabulary, readCodecConfig, type CodecConfig } from './codec-config.js';
import { readAnswer, readAnswerText, type DecodedAnswer } from './decoded-answer.js';
import { describeValue } from './describe-value.js';
import { AddrnnError, BufferSizeError, InvalidAnswerError, InvalidQuestionError } from './errors.js';
import { answerLengthOf, listOperators, type Operator } from './operator.js';
import { parseQuestion, type ParsedQuestion } from './parse-question.js';
import { solveParsed } from './solve.js';
import { resolveTaskOptions, type TaskOptions } from './task-options.js';
import { hasMarker, markerOf } from './marker.js';
import { validateAnswer } from './validate-answer.js';
import { buildVocabulary, PADDING } from './vocabulary.js';

type SequenceKind = 'question' | 'answer';
type ErrorClass = new (message: string, options?: ErrorOptions) => AddrnnError;

const CODEC = markerOf('codec');

/**
 * Turns arithmetic questions and answers into fixed-length sequences of vocabulary indices
 * or one-hot rows, and model outputs back into strings.
 *
 * Layout: a question is padded on the right to `questionLength` and then, with
 * `reverseQuestion`, the whole padded sequence is reversed (as Keras does, so padding comes
 * first). An answer is reversed first when `reverseAnswer` is set and then padded on the
 * right to `answerLength`, so its least significant digit is always in slot 0. One-hot
 * buffers are row-major `[length, vocabularySize]` (batches `[count, length, vocabularySize]`).
 */
export class Codec {
  /** Most digits in one operand. */
  readonly digits: number;
  /** Operators questions may use, as given. */
  readonly operators: readonly Operator[];
  /** Whether question sequences are reversed after padding. */
  readonly reverseQuestion: boolean;
  /** Whether answers are written least significant digit first. */
  readonly reverseAnswer: boolean;
  /** Characters in one-hot order: sorted by code point, so padding `' '` is first. */
  readonly vocabulary: readonly string[];
  readonly vocabularySize: number;
  /** Slots in a question sequence: `2 * digits + 1`. */
  readonly questionLength: number;
  /** Slots in an answer sequence: the longest answer of any operator (`'+'`, `'-'`: digits + 1; `'*'`: 2 * digits). */
  readonly answerLength: number;
  /** The character after the text in every sequence. */
  readonly padding: ' ' = PADDING;

  readonly #indexOf = new Map<string, number>();
  readonly #task: string;
  readonly #scratch: Int32Array;
  private readonly [CODEC] = true;

  /** @throws InvalidOptionError when an option is out of range or unknown. */
  constructor(options?: TaskOptions) {
    const task = resolveTaskOptions(options);
    this.digits = task.digits;
    this.operators = task.operators;
    this.reverseQuestion = task.reverseQuestion;
    this.reverseAnswer = task.reverseAnswer;
    this.vocabulary = buildVocabulary(task.operators);
    this.vocabularySize = this.vocabulary.length;
    this.questionLength = 2 * task.digits + 1;
    this.answerLength = Math.max(...task.operators.map((operator) => answerLengthOf(operator, task.digits)));
    this.vocabulary.forEach((character, index) => this.#indexOf.set(character, index));
    this.#task = `digits ${task.digits}, operators ${listOperators(task.operators)}`;
    this.#scratch = new Int32Array(Math.max(this.questionLength, this.answerLength));
  }

  /**
   * Rebuilds a saved codec.
   * @throws InvalidOptionError when a field is missing or invalid.
   * @throws VocabularyMismatchError when the saved vocabulary is not the one its task implies.
   */
  static fromConfig(config: CodecConfig): Codec {
    const { task, vocabulary } = readCodecConfig(config);
    const codec = new Codec(task);
    checkVocabulary(vocabulary, codec.vocabulary, codec.#task);
    return codec;
  }

  /**
   * Whether `value` is a codec, made by this copy of `@addrnn/codec` or by another one (an
   * ESM and a CJS build, or two versions in one program), where `instanceof` says no.
   */
  static isInstance(value: unknown): value is Codec {
    return hasMarker(value, CODEC);
  }

  /**
   * A codec of this copy of the package: `value` itself when it is one, a rebuilt equal codec
   * when it comes from another copy, else `new Codec(value)`.
   * @throws InvalidOptionError when `value` is not a codec and not valid task options.
   */
  static from(value?: Codec | TaskOptions): Codec {
    if (value instanceof Codec) return value;
    if (Codec.isInstance(value)) return Codec.fromConfig((value as { toConfig(): CodecConfig }).toConfig());
    return new Codec(value);
  }

  /** This codec as JSON-ready data; `Codec.fromConfig(codec.toConfig())` gives an equal codec. */
  toConfig(): CodecConfig {
    return {
      digits: this.digits,
      operators: [...this.operators],
      reverseQuestion: this.reverseQuestion,
      reverseAnswer: this.reverseAnswer,
      vocabulary: [...this.vocabulary],
    };
  }

  /** @throws InvalidQuestionError unless the question is `<1..digits digits><operator><1..digits digits>`. */
  parseQuestion(question: string): ParsedQuestion {
    return parseQuestion(question, this);
  }

  /** The exact answer, e.g. `'596'` for `'535+61'`, `'-7'` for `'3-10'`. */
  solve(question: string): string {
    return solveParsed(this.parseQuestion(question));
  }

  /** Vocabulary indices of a question, `[questionLength]`. */
  encodeQuestion(question: string): Int32Array {
    this.parseQuestion(question);
    const out = new Int32Array(this.questionLength);
    this.#layOut('question', question, out, 0);
    return out;
  }

  /** Vocabulary indices of an answer, `[answerLength]`. @throws InvalidAnswerError */
  encodeAnswer(answer: string): Int32Array {
    this.#validateAnswer(answer);
    const out = new Int32Array(this.answerLength);
    this.#layOut('answer', answer, out, 0);
    return out;
  }

  /** Vocabulary indices of many questions, `[count, questionLength]`, into `out` when given. */
  encodeQuestions(questions: readonly string[], out?: Int32Array): Int32Array {
    return this.#encodeBatch('question', questions, checkOut(out, Int32Array));
  }

  /** Vocabulary indices of many answers, `[count, answerLength]`, into `out` when given. */
  encodeAnswers(answers: readonly string[], out?: Int32Array): Int32Array {
    return this.#encodeBatch('answer', answers, checkOut(out, Int32Array));
  }

  /** The question in `[questionLength]` indices, padding stripped and reversal undone. Not validated. */
  decodeQuestion(indices: ArrayLike<number>): string {
    checkRegion(checkArrayLike(indices, 'indices'), 'indices', this.questionLength, `[questionLength ${this.questionLength}]`, undefined);
    const characters = this.#readIndices(indices, 'indices', 0, this.questionLength, InvalidQuestionError);
    if (this.reverseQuestion) characters.reverse();
    return readAnswerText(characters, false);
  }

  /**
   * The answer in `[answerLength]` indices as read by a person: trailing padding stripped,
   * reversal undone. Not validated: whatever a model wrote comes back, e.g. `'1 2'`.
   */
  decodeAnswer(indices: ArrayLike<number>): string {
    checkRegion(checkArrayLike(indices, 'indices'), 'indices', this.answerLength, `[answerLength ${this.answerLength}]`, undefined);
    const characters = this.#readIndices(indices, 'indices', 0, this.answerLength, InvalidAnswerError);
    return readAnswerText(characters, this.reverseAnswer);
  }

  /** {@link decodeAnswer} for `count` answers in `[count, answerLength]` indices (e.g. argmax output). */
  decodeAnswers(indices: ArrayLike<number>, count: number): string[] {
    checkArrayLike(indices, 'indices');
    checkBatch(indices, 'indices', checkCount(count), this.answerLength, `[answerLength ${this.answerLength}]`);
    const answers: string[] = [];
    for (let item = 0; item < count; item += 1) {
      const characters = this.#readIndices(indices, 'indices', item * this.answerLength, this.answerLength, InvalidAnswerError);
      answers.push(readAnswerText(characters, this.reverseAnswer));
    }
    return answers;
  }

  /**
   * One-hot rows of a question, `[questionLength, vocabularySize]`. With `out`, writes there
   * (zeroing the region first) at element `offset`; without `offset`, `out` must be exactly
   * one question long.
   */
  oneHotQuestion(question: string, out?: Float32Array, offset?: number): Float32Array {
    this.parseQuestion(question);
    return this.#oneHotOne('question', question, out, offset);
  }

  /** One-hot rows of an answer, `[answerLength, vocabularySize]`; `out` and `offset` as in {@link oneHotQuestion}. */
  oneHotAnswer(answer: string, out?: Float32Array, offset?: number): Float32Array {
    this.#validateAnswer(answer);
    return this.#oneHotOne('answer', answer, out, offset);
  }

  /** One-hot rows of many questions, `[count, questionLength, vocabularySize]`, into `out` when given. */
  oneHotQuestions(questions: readonly string[], out?: Float32Array): Float32Array {
    return this.#oneHotBatch('question', questions, checkOut(out, Float32Array));
  }

  /** One-hot rows of many answers, `[count, answerLength, vocabularySize]`, into `out` when given. */
  oneHotAnswers(answers: readonly string[], out?: Float32Array): Float32Array {
    return this.#oneHotBatch('answer', answers, checkOut(out, Float32Array));
  }

  /**
   * Reads one answer from per-slot scores `[answerLength, vocabularySize]` starting at
   * element `offset` (without `offset`, the buffer must be exactly one answer long): the
   * highest score in each slot wins (the first on a tie). `probability` is that score as
   * given. Never validates the answer, so an untrained model's output can be shown.
   * @throws BufferSizeError when the buffer does not fit; InvalidAnswerError on a non-finite score.
   */
  decodeAnswerProbabilities(probabilities: ArrayLike<number>, offset?: number): DecodedAnswer {
    checkArrayLike(probabilities, 'probabilities');
    const start = checkRegion(probabilities, 'probabilities', this.#size('answer'), this.#shape('answer'), offset);
    return this.#argmaxAnswer(probabilities, start);
  }

  /** {@link decodeAnswerProbabilities} for `count` answers in `[count, answerLength, vocabularySize]`. */
  decodeAnswerBatch(probabilities: ArrayLike<number>, count: number): DecodedAnswer[] {
    checkArrayLike(probabilities, 'probabilities');
    const size = this.#size('answer');
    checkBatch(probabilities, 'probabilities', checkCount(count), size, this.#shape('answer'));
    const answers: DecodedAnswer[] = [];
    for (let item = 0; item < count; item += 1) answers.push(this.#argmaxAnswer(probabilities, item * size));
    return answers;
  }

  #validateAnswer(answer: unknown): void {
    validateAnswer(answer, { negative: this.operators.includes('-'), answerLength: this.answerLength, task: this.#task });
  }

  #validate(kind: SequenceKind, text: unknown): void {
    if (kind === 'question') this.parseQuestion(text as string);
    else this.#validateAnswer(text);
  }

  #validateBatch(kind: SequenceKind, texts: unknown): readonly string[] {
    const name = `${kind}s`;
    const ErrorType = kind === 'question' ? InvalidQuestionError : InvalidAnswerError;
    if (!Array.isArray(texts)) {
      throw new ErrorType(`${name} must be an array of strings, got ${describeValue(texts)}`);
    }
    texts.forEach((text: unknown, index) => {
      try {
        this.#validate(kind, text);
      } catch (error) {
        if (!AddrnnError.isInstance(error)) throw error;
        throw new ErrorType(`${name}[${index}]: ${error.message}`, { cause: error });
      }
    });
    return texts as readonly string[];
  }

  #length(kind: SequenceKind): number {
    return kind === 'question' ? this.questionLength : this.answerLength;
  }

  #size(kind: SequenceKind): number {
    return this.#length(kind) * this.vocabularySize;
  }

  #shape(kind: SequenceKind): string {
    return `[${kind}Length ${this.#length(kind)}, vocabularySize ${this.vocabularySize}]`;
  }

  /** Writes the indices of validated text at `offset`; see the class comment for the layout. */
  #layOut(kind: SequenceKind, text: string, target: Int32Array, offset: number): void {
    const length = this.#length(kind);
    const reverseAll = kind === 'question' && this.reverseQuestion;
    const reverseText = kind === 'answer' && this.reverseAnswer;
    const padIndex = this.#indexOf.get(PADDING) ?? 0;
    for (let slot = 0; slot < length; slot += 1) {
      let position = reverseAll ? length - 1 - slot : slot;
      if (reverseText && position < text.length) position = text.length - 1 - position;
      const character = text[position];
      target[offset + slot] = character === undefined ? padIndex : (this.#indexOf.get(character) ?? padIndex);
    }
  }

  #encodeBatch(kind: SequenceKind, texts: readonly string[], out: Int32Array | undefined): Int32Array {
    const valid = this.#validateBatch(kind, texts);
    const length = this.#length(kind);
    const target = out ?? new Int32Array(valid.length * length);
    checkBatch(target, 'out', valid.length, length, `[${kind}Length ${length}]`);
    valid.forEach((text, item) => this.#layOut(kind, text, target, item * length));
    return target;
  }

  #writeOneHot(kind: SequenceKind, text: string, out: Float32Array, offset: number): void {
    const length = this.#length(kind);
    const size = this.vocabularySize;
    this.#layOut(kind, text, this.#scratch, 0);
    out.fill(0, offset, offset + length * size);
    for (let slot = 0; slot < length; slot += 1) out[offset + slot * size + (this.#scratch[slot] ?? 0)] = 1;
  }

  #oneHotOne(kind: SequenceKind, text: string, out: Float32Array | undefined, offset: number | undefined): Float32Array {
    const size = this.#size(kind);
    const given = checkOut(out, Float32Array);
    if (given === undefined && offset !== undefined && offset !== 0) {
      throw new BufferSizeError(
        `offset ${describeValue(offset)} needs an out buffer to write into; without out a new buffer of one ${kind} is returned`,
      );
    }
    const target = given ?? new Float32Array(size);
    const start = checkRegion(target, 'out', size, this.#shape(kind), given === undefined ? undefined : offset);
    this.#writeOneHot(kind, text, target, start);
    return target;
  }

  #oneHotBatch(kind: SequenceKind, texts: readonly string[], out: Float32Array | undefined): Float32Array {
    const valid = this.#validateBatch(kind, texts);
    const size = this.#size(kind);
    const target = out ?? new Float32Array(valid.length * size);
    checkBatch(target, 'out', valid.length, size, this.#shape(kind));
    valid.forEach((text, item) => this.#writeOneHot(kind, text, target, item * size));
    return target;
  }

  #readIndices(
    indices: ArrayLike<number>,
    name: string,
    offset: number,
    length: number,
    ErrorType: ErrorClass,
  ): string[] {
    const characters: string[] = [];
    for (let slot = offset; slot < offset + length; slot += 1) {
      const index = indices[slot];
      const character = typeof index === 'number' && Number.isInteger(index) ? this.vocabulary[index] : undefined;
      if (character === undefined) {
        throw new ErrorType(
          `${name}[${slot}] must be an integer from 0 to ${this.vocabularySize - 1} (an index into the vocabulary), got ${describeValue(index)}`,
        );
      }
      characters.push(character);
    }
    return characters;
  }

  #argmaxAnswer(probabilities: ArrayLike<number>, start: number): DecodedAnswer {
    const size = this.vocabularySize;
    const characters: string[] = [];
    const chosen: number[] = [];
    for (let slot = 0; slot < this.answerLength; slot += 1) {
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
      characters.push(this.vocabulary[best] ?? PADDING);
      chosen.push(bestValue);
    }
    return readAnswer(characters, chosen, this.reverseAnswer);
  }
}
