import * as tf from '@tensorflow/tfjs';
import { Codec, InvalidArgumentError, InvalidOptionError, InvalidQuestionError, type DecodedAnswer, type ParsedQuestion } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import type { ModelFamily } from './architecture.js';
import { chosenBackend, useBackend, type BackendChoice, type BackendInfo, type UseBackendOptions } from './backend.js';
import type { FamilyPredictor } from './families/model-family.js';
import { familyOf, modelFamily } from './families/registry.js';
import type { ModelMetadata } from './metadata.js';
import { DEFAULT_PRETRAINED } from './pretrained/load-pretrained.js';
import { loadModel, type LoadedModel } from './save-load.js';

/** A trained model that speaks strings: `adder.predict('535+61') // '596'`. */
export class Adder {
  /** The task the model was trained on: digits, operators and sequence layout. */
  readonly codec: Codec;
  /** The tfjs model itself, for `evaluate`, further training or `saveModel`. */
  readonly model: tf.LayersModel;
  /** What the saved model records: codec, architecture and training record. */
  readonly metadata: ModelMetadata;
  /** 'seq2seq' (questions of up to `codec.digits` digits per operand) or 'aligned' (any length). */
  readonly family: ModelFamily;
  /** The longest operand `predict` takes: `codec.digits`, or ALIGNED_MAX_DIGITS for the aligned family. */
  readonly maxDigits: number;
  /** The family's forward pass and answer reading. */
  readonly #predictor: FamilyPredictor;
  /**
   * The tfjs backend the adder runs on, and the faster ones skipped with their reasons
   * (`requested: 'current'` when neither `loadAdder` nor `useBackend` chose it).
   */
  backend: BackendInfo;

  /** @throws InvalidArgumentError unless given `{ model, codec, metadata }` as `loadModel` returns it. */
  constructor(loaded: LoadedModel) {
    const { model, codec, metadata } = (typeof loaded === 'object' && loaded !== null ? loaded : {}) as Partial<LoadedModel>;
    if (typeof model?.predict !== 'function' || !Codec.isInstance(codec) || typeof metadata !== 'object' || metadata === null) {
      throw new InvalidArgumentError(
        `new Adder(loaded) needs { model, codec, metadata } as loadModel returns it, got ${describeValue(loaded)}; use loadAdder() to load one`,
      );
    }
    this.model = model;
    this.codec = Codec.from(codec);
    this.metadata = metadata;
    this.family = familyOf(metadata.architecture);
    const family = modelFamily(this.family);
    this.maxDigits = family.maxDigits(this.codec);
    this.#predictor = family.createPredictor(model, this.codec);
    this.backend = chosenBackend() ?? { name: tf.getBackend(), requested: 'current', skipped: [] };
  }

  /**
   * Checks a question as `predict` does, without running the model: returns it split at its
   * operator, or throws the `InvalidQuestionError` that `predict(question)` would throw, with
   * the same message. Check every question of a list before answering any.
   */
  check(question: string): ParsedQuestion {
    return this.#predictor.check(question);
  }

  /** The model's answer to one question; an invalid question throws what {@link check} throws. */
  predict(question: string): string {
    return this.predictWithConfidence(question).answer;
  }

  /** Answers in order; every question is checked before the model runs (errors name `questions[i]`). */
  predictBatch(questions: readonly string[]): string[] {
    return checkQuestionList(questions) ? this.#predictor.answers(questions) : [];
  }

  /** The answer with each answer character's probability. */
  predictWithConfidence(question: string): DecodedAnswer {
    // Checked alone first, so the error names the question rather than `questions[0]`.
    this.check(question);
    return this.predictBatchWithConfidence([question])[0]!;
  }

  /** Answers with confidences for many questions in one model call. */
  predictBatchWithConfidence(questions: readonly string[]): DecodedAnswer[] {
    return checkQuestionList(questions) ? this.#predictor.predict(questions) : [];
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.model.dispose();
  }
}

/** Whether there is anything to answer; InvalidQuestionError unless `questions` is an array. */
function checkQuestionList(questions: unknown): questions is readonly string[] {
  if (!Array.isArray(questions)) {
    throw new InvalidQuestionError(`questions must be an array of strings, got ${describeValue(questions)}`);
  }
  return questions.length > 0;
}

/** Options of `loadAdder(source, options)`: the backend to start first and the wasm backend's files. */
export interface LoadAdderOptions extends UseBackendOptions {
  /**
   * The backend to run on, started with `useBackend` before the model loads; `'current'` keeps
   * the one tfjs runs on. `adder.backend` says which one it is.
   * @default 'current' when `useBackend` already chose one, else 'auto' (the fastest that loads)
   */
  backend?: BackendChoice | 'current';
}

const LOAD_ADDER_OPTIONS = new Set(['backend', 'wasmPaths', 'wasm']);
let warnedCpu = false;

/**
 * Loads an adder: with no argument the pretrained 5-digit model shipped in this package
 * (no file system or network needed); `'pretrained:NAME'` a shipped model by name
 * (`'pretrained:5-digit'`, `'pretrained:aligned'`, which adds numbers of any length, `'pretrained:signed'`, which
 * also subtracts them, `'pretrained:multiply'`, which multiplies numbers of up to 5 digits); else a
 * directory (Node), a URL of model.json, or a tfjs IO handler. Unless told otherwise it first starts the fastest backend that loads
 * (`useBackend('auto')`), and warns once when that is only cpu; `adder.backend` names it.
 */
export async function loadAdder(source?: string | tf.io.IOHandler, options: LoadAdderOptions = {}): Promise<Adder> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError(`loadAdder options must be an object, got ${describeValue(options)}`);
  }
  const unknown = Object.keys(options).filter((key) => !LOAD_ADDER_OPTIONS.has(key));
  if (unknown.length > 0) {
    throw new InvalidOptionError(`loadAdder got unknown option ${JSON.stringify(unknown[0])}; expected one of ${[...LOAD_ADDER_OPTIONS].join(', ')}`);
  }
  const { backend = chosenBackend() === undefined ? 'auto' : 'current', ...backendOptions } = options;
  let info: BackendInfo | undefined;
  if (backend !== 'current') {
    info = await useBackend(backend, backendOptions);
    if (backend === 'auto' && info.name === 'cpu' && !warnedCpu) {
      warnedCpu = true;
      console.warn(
        `@addrnn/model: running on the cpu backend, about 14x slower than wasm (${info.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}); install @tensorflow/tfjs-backend-wasm`,
      );
    }
  }
  const loaded = await loadModel(source ?? DEFAULT_PRETRAINED);
  await modelFamily(familyOf(loaded.metadata.architecture)).prepare();
  const adder = new Adder(loaded);
  if (info !== undefined) adder.backend = info;
  return adder;
}
