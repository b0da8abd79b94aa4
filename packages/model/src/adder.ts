import * as tf from '@tensorflow/tfjs';
import { Codec, describeValue, InvalidArgumentError, InvalidQuestionError, type DecodedAnswer } from '@addrnn/codec';
import type { ModelMetadata } from './metadata.js';
import { loadPretrained } from './pretrained/load-pretrained.js';
import { loadModel, type LoadedModel } from './save-load.js';

/** A trained model that speaks strings: `adder.predict('535+61') // '596'`. */
export class Adder {
  readonly codec: Codec;
  readonly model: tf.LayersModel;
  readonly metadata: ModelMetadata;

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
  }

  /** The model's answer to one question; invalid questions throw the codec's errors. */
  predict(question: string): string {
    return this.predictWithConfidence(question).answer;
  }

  /** Answers in order; every question is validated before the model runs. */
  predictBatch(questions: readonly string[]): string[] {
    return this.predictBatchWithConfidence(questions).map((decoded) => decoded.answer);
  }

  /** The answer with each answer character's probability. */
  predictWithConfidence(question: string): DecodedAnswer {
    return this.predictBatchWithConfidence([question])[0]!;
  }

  /** Answers with confidences for many questions in one model call. */
  predictBatchWithConfidence(questions: readonly string[]): DecodedAnswer[] {
    if (!Array.isArray(questions)) {
      throw new InvalidQuestionError(`questions must be an array of strings, got ${describeValue(questions)}`);
    }
    if (questions.length === 0) return [];
    const inputs = this.codec.oneHotQuestions(questions);
    const probabilities = tf.tidy(() => {
      const input = tf.tensor3d(inputs, [questions.length, this.codec.questionLength, this.codec.vocabularySize]);
      return (this.model.predict(input) as tf.Tensor).dataSync();
    });
    return this.codec.decodeAnswerBatch(probabilities, questions.length);
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Loads an adder: with no argument the pretrained 5-digit model shipped in this package
 * (no file system or network needed); else a directory (Node), a URL of model.json, or a
 * tfjs IO handler.
 */
export async function loadAdder(source?: string | tf.io.IOHandler): Promise<Adder> {
  return new Adder(await loadModel(source ?? (await loadPretrained())));
}
