import { checkArrayLike, checkBatch, checkOut, checkRegion } from './buffer-region.js';
import { checkVocabulary, readCodecConfig, type CodecConfig } from './codec-config.js';
import type { DecodedAnswer } from './decoded-answer.js';
import { describeValue } from './describe-value.js';
import { AddrnnError, InvalidAnswerError, InvalidQuestionError } from './errors.js';
import { IndexLayout, type SequenceKind } from './index-layout.js';
import { hasMarker, markerOf } from './marker.js';
import { OneHotLayout } from './one-hot-layout.js';
import { parseQuestion, type ParsedQuestion } from './parse-question.js';
import { solveParsed } from './solve.js';
import { listOperators, operatorTask, type Operator } from './tasks/registry.js';
import { resolveTaskOptions, type TaskOptions } from './task-options.js';
import { validateAnswer } from './validate-answer.js';
import { buildVocabulary, PADDING } from './vocabulary.js';

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
  /** Characters in the vocabulary: the length of one one-hot vector. */
  readonly vocabularySize: number;
  /** Slots in a question sequence: `2 * digits + 1`. */
  readonly questionLength: number;
  /**
   * Slots in an answer sequence: the longest answer of any of its operators on two `digits`-digit
   * operands, as each operator's descriptor says (`'+'`, `'-'`: digits + 1; `'*'`: 2 * digits).
   */
  readonly answerLength: number;
  /** The character after the text in every sequence. */
  readonly padding: ' ' = PADDING;

  readonly #task: string;
  /** Whether any of its operators has negative answers (`'-'`). */
  readonly #negative: boolean;
  readonly #indices: IndexLayout;
  readonly #oneHot: OneHotLayout;
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
    const tasks = task.operators.map(operatorTask);
    this.answerLength = Math.max(...tasks.map((operator) => operator.answerLength(task.digits, task.digits)));
    this.#negative = tasks.some((operator) => operator.negative);
    this.#task = `digits ${task.digits}, operators ${listOperators(task.operators)}`;
    this.#indices = new IndexLayout({
      vocabulary: this.vocabulary,
      questionLength: this.questionLength,
      answerLength: this.answerLength,
      reverseQuestion: this.reverseQuestion,
      reverseAnswer: this.reverseAnswer,
    });
    this.#oneHot = new OneHotLayout(this.#indices);
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
    this.#indices.write('question', question, out, 0);
    return out;
  }

  /** Vocabulary indices of an answer, `[answerLength]`. @throws InvalidAnswerError */
  encodeAnswer(answer: string): Int32Array {
    this.#validateAnswer(answer);
    const out = new Int32Array(this.answerLength);
    this.#indices.write('answer', answer, out, 0);
    return out;
  }

  /** Vocabulary indices of many answers, `[count, answerLength]`, into `out` when given. */
  encodeAnswers(answers: readonly string[], out?: Int32Array): Int32Array {
    const given = checkOut(out, Int32Array);
    const valid = this.#validateBatch('answer', answers);
    const length = this.answerLength;
    const target = given ?? new Int32Array(valid.length * length);
    checkBatch(target, 'out', valid.length, length, `[answerLength ${length}]`);
    valid.forEach((answer, item) => this.#indices.write('answer', answer, target, item * length));
    return target;
  }

  /** The question in `[questionLength]` indices, padding stripped and reversal undone. Not validated. */
  decodeQuestion(indices: ArrayLike<number>): string {
    checkRegion(checkArrayLike(indices, 'indices'), 'indices', this.questionLength, `[questionLength ${this.questionLength}]`, undefined);
    return this.#indices.read('question', indices, 'indices', 0, InvalidQuestionError);
  }

  /**
   * The answer in `[answerLength]` indices as read by a person: trailing padding stripped,
   * reversal undone. Not validated: whatever a model wrote comes back, e.g. `'1 2'`.
   */
  decodeAnswer(indices: ArrayLike<number>): string {
    checkRegion(checkArrayLike(indices, 'indices'), 'indices', this.answerLength, `[answerLength ${this.answerLength}]`, undefined);
    return this.#indices.read('answer', indices, 'indices', 0, InvalidAnswerError);
  }

  /**
   * One-hot rows of an answer, `[answerLength, vocabularySize]`. With `out`, writes there
   * (zeroing the region first) at element `offset`; without `offset`, `out` must be exactly
   * one answer long.
   */
  oneHotAnswer(answer: string, out?: Float32Array, offset?: number): Float32Array {
    this.#validateAnswer(answer);
    return this.#oneHot.one('answer', answer, out, offset);
  }

  /** One-hot rows of many questions, `[count, questionLength, vocabularySize]`, into `out` when given. */
  oneHotQuestions(questions: readonly string[], out?: Float32Array): Float32Array {
    const given = checkOut(out, Float32Array);
    return this.#oneHot.batch('question', this.#validateBatch('question', questions), given);
  }

  /** One-hot rows of many answers, `[count, answerLength, vocabularySize]`, into `out` when given. */
  oneHotAnswers(answers: readonly string[], out?: Float32Array): Float32Array {
    const given = checkOut(out, Float32Array);
    return this.#oneHot.batch('answer', this.#validateBatch('answer', answers), given);
  }

  /**
   * Reads one answer from per-slot scores `[answerLength, vocabularySize]` starting at
   * element `offset` (without `offset`, the buffer must be exactly one answer long): the
   * highest score in each slot wins (the first on a tie). `probability` is that score as
   * given. Never validates the answer, so an untrained model's output can be shown.
   * @throws BufferSizeError when the buffer does not fit; InvalidAnswerError on a non-finite score.
   */
  decodeAnswerProbabilities(probabilities: ArrayLike<number>, offset?: number): DecodedAnswer {
    return this.#oneHot.decode(probabilities, offset);
  }

  /** {@link decodeAnswerProbabilities} for `count` answers in `[count, answerLength, vocabularySize]`. */
  decodeAnswerBatch(probabilities: ArrayLike<number>, count: number): DecodedAnswer[] {
    return this.#oneHot.decodeBatch(probabilities, count);
  }

  #validateAnswer(answer: unknown): void {
    validateAnswer(answer, { negative: this.#negative, answerLength: this.answerLength, task: this.#task });
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
}
