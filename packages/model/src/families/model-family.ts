import type * as tf from '@tensorflow/tfjs';
import type { Codec, DecodedAnswer, ExampleLayout, Operator, ParsedQuestion } from '@addrnn/codec';
import type { Architecture, Implementation, ModelFamily } from '../architecture.js';
import type { ModelOptions, ResolvedModelOptions } from '../model-options.js';
import type { TrainStep } from '../train-step-types.js';

/** What answers questions for an `Adder`: its family's forward pass and answer reading. */
export interface FamilyPredictor {
  /** The question split at its operator, or the InvalidQuestionError that answering it throws. */
  check(question: string): ParsedQuestion;
  /** Answers with confidences, in order; `questions` is a non-empty array, each checked first (errors name `questions[i]`). */
  predict(questions: readonly string[]): DecodedAnswer[];
  /** The answers alone, as {@link predict} gives them. */
  answers(questions: readonly string[]): string[];
}

/** The step options a family's step factory gets, checked by `createTrainStep`. */
export interface FamilyStepOptions {
  /** The trainer's optimizer, which the step updates the weights with (learning-rate schedule, state). */
  optimizer: tf.Optimizer;
  /** Clip gradients by their global norm; absent: no clipping. */
  clipNorm?: number;
}

/** A model's input and output shapes (null: any batch size or length). */
export interface FamilyShapes {
  /** Its input shape, `[batch, steps, values per step]`. */
  input: (number | null)[];
  /** Its output shape, `[batch, steps, classes]`. */
  output: (number | null)[];
}

/**
 * A model family: everything that differs between the encoder-decoder and the aligned adder,
 * in one record per family (`families/seq2seq.ts`, `families/aligned.ts`), registered once in
 * `families/registry.ts` and found there by name. Code outside the family modules asks the
 * record and never compares a family's name.
 */
export interface ModelFamilyDefinition {
  /** The family's name, as `ModelOptions.family` and a saved architecture's `family` give it. */
  readonly name: ModelFamily;
  /** The operators its models compute; a codec with another is refused by `createModel`. */
  readonly operators: readonly Operator[];
  /** Whether `train()` may spread a step over worker threads (else it trains on its own thread). */
  readonly trainsOnThreads: boolean;
  /** Whether its models answer operands longer than they trained on (`train()` then records the longest). */
  readonly answersLongerOperands: boolean;
  /** The fewest decoder layers a saved architecture of this family may have. */
  readonly minimumDecoderLayers: number;
  /** How its batches are laid out as arrays, for the dataset's streams and for evaluation. */
  layout(codec: Codec): ExampleLayout;
  /** The longest operand its models answer. */
  maxDigits(codec: Codec): number;
  /**
   * Fills in this family's defaults and checks `options` (the family and its operators are
   * already checked). @throws InvalidOptionError naming the option and the value
   */
  resolveOptions(options: ModelOptions, codec: Codec): ResolvedModelOptions;
  /** What a saved architecture of this family may not be, beyond every family's checks; [] when fine. */
  architectureProblems(architecture: Partial<Architecture>): string[];
  /** The input and output shapes of its models for `codec` (null: any batch size or length). */
  shapes(codec: Codec): FamilyShapes;
  /**
   * Shapes of models an earlier version of this family made for `codec`, which still load and
   * predict (the first signed aligned models, without feedback); none when absent.
   */
  earlierShapes?(codec: Codec): FamilyShapes[];
  /** Its stock tfjs-layers model, initialised from `seed` (metadata is attached by `createModel`). */
  createLayers(codec: Codec, architecture: Architecture, seed: number): tf.LayersModel;
  /**
   * Its training step in `implementation`, falling back where that cannot run here (the step's
   * `implementation` and `fallbackReason` say so). @throws InvalidOptionError for an implementation it has not
   */
  createTrainStep(model: tf.LayersModel, implementation: Implementation, options: FamilyStepOptions): TrainStep;
  /** What answers questions with `model`. */
  createPredictor(model: tf.LayersModel, codec: Codec): FamilyPredictor;
  /** Work before the first answer (compiling a kernel a browser's main thread compiles only asynchronously). */
  prepare(): Promise<void>;
}
