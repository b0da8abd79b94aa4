/**
 * `@addrnn/trainer/presets`: the training presets and `train()`'s defaults, without tfjs (the
 * CLI prints its help from them).
 * @module @addrnn/trainer/presets
 */
import type { PresetName, ResolvedTrainOptions } from './options.js';

export type { PresetName };
// The limits of train()'s options travel with the defaults: help texts and forms show both.
export { MAX_EPOCHS, MAX_THREADS, MAX_VALIDATION_SIZE } from './limits.js';

/**
 * A preset: every training setting but the backend and threads; `decayExamples` unset follows the budget.
 * A run with another budget gets the preset's warm-up and decay fitted to it (see `TrainOptions.decayExamples`).
 * @property decayExamples - examples over which the learning rate decays; unset, the whole budget.
 */
export type TrainPreset = Readonly<
  Omit<ResolvedTrainOptions, 'preset' | 'backend' | 'threads' | 'decayExamples' | 'distribution' | 'replayFraction' | 'labelSmoothing'> & {
    decayExamples?: number;
    /** Share of each batch replaying questions it got wrong; unset, 0. */
    replayFraction?: number;
    /** Label smoothing of the training targets; unset, 0. */
    labelSmoothing?: number;
    /** How training questions draw their operands; unset, 'keras'. */
    distribution?: ResolvedTrainOptions['distribution'];
  }
>;

/**
 * The tuned recipe, `train()`'s defaults (docs/recipes.md has the ablation behind it): the
 * seed's model (LSTM 128, one encoder and one decoder layer) on 5-digit '+', trained until
 * 99.9% of 10,000 held-out questions are answered right: 1.25-1.375M examples on seven runs with
 * label smoothing 0.05 (1.375M on two seeds without), the cosine decay ending at 1.5M.
 */
const recipe: TrainPreset = {
  task: { reverseAnswer: true },
  model: {},
  batchSize: 32,
  // The budget: 3M examples, twice the 1.5M the recipe took to 99.9% on two seeds (docs/recipes.md).
  epochs: 6,
  examplesPerEpoch: 500_000,
  learningRate: 0.004,
  warmupExamples: 100_000,
  learningRateDecay: 'cosine',
  // The decay ends where the recipe reaches 99.9%: annealing the rate to nearly 0 by then is what
  // takes the last errors away (a decay over 4M reached it at 2.5-2.75M, a decay over 1.5M at 1.5M).
  decayExamples: 1_500_000,
  // A floor, so that a run which needs more than the decay keeps learning (the recipe's runs in
  // docs/recipes.md decayed to 0; below 2e-5 the two schedules differ by less than 0.5% of the peak).
  learningRateFinal: 0.00002,
  clipNorm: 1,
  carryFraction: 0.15,
  // Targets 0.95 on the right character and 0.05 spread over all 12: 99.9% after 1.25M examples
  // on four seeds and on 2 threads, 1.375M on two more (docs/recipes.md, round 4). 0.1 was as
  // quick on most seeds but stalled near 96% on two runs of eight; so did 0.05 at batch 64, once.
  labelSmoothing: 0.05,
  seed: 1,
  validationSize: 10_000,
  // Validation takes about 0.7 s on 2 threads, so the run checks the target twice as often as an
  // epoch's halves would and stops up to 125,000 examples sooner.
  evaluateEvery: 125_000,
  targetAccuracy: 0.999,
};

/**
 * The Keras addition_rnn example's settings, as the seed's model card trained them: Adam 0.001,
 * batch 32, 30 epochs of 50,000 examples; no carry mix, no decay, no clipping, no early stop.
 */
const keras: TrainPreset = {
  task: {},
  model: {},
  batchSize: 32,
  epochs: 30,
  examplesPerEpoch: 50_000,
  learningRate: 0.001,
  carryFraction: 0,
  seed: 1,
  validationSize: 2_000,
};

/**
 * The aligned adder (`model.family: 'aligned'`): an LSTM of 32 units fed one digit column per
 * step, trained on operands of 1 to 10 digits with a fifth of the questions drawn as carry
 * chains; batch 128, Adam 3e-3 after a 20k-example warm-up, cosine decay over the 5M-example
 * budget. 1M examples (33 s) already meet the targets of packages/model/MODEL_CARD-aligned.md
 * (exact to 10,000 digits) on two seeds; 5M (2 min) drives the loss from 5e-4 to 1e-7 and keeps
 * both seeds exact at 1,000,000 digits, where a 1M model erred.
 * Validation (10-digit questions) cannot see length generalisation, so there is no early stop.
 */
const aligned: TrainPreset = {
  task: { digits: 10 },
  model: { family: 'aligned', hiddenSize: 32 },
  batchSize: 128,
  epochs: 20,
  examplesPerEpoch: 250_000,
  learningRate: 0.003,
  warmupExamples: 20_000,
  learningRateDecay: 'cosine',
  decayExamples: 5_000_000,
  learningRateFinal: 0.00001,
  clipNorm: 1,
  carryFraction: 0.2,
  seed: 1,
  validationSize: 10_000,
};

/**
 * The multiplier (`model.family: 'aligned'` with `'*'`): an LSTM of 128 units fed, per step, the
 * bag of digit pairs of one answer column (the product layout) projected to 4 values (an
 * embedding: every pair's weights share those directions, so a column holding one pair five
 * times lands among inputs the model has seen), trained on 3-digit operands (`--digits 5` for 5),
 * their operands drawn uniformly (mostly full length), three in ten of large or repeated digits
 * (the carry mix for `*`), a tenth of each batch replaying questions it got wrong; batch 128,
 * Adam 3e-3 after a 20k-example warm-up, cosine decay over the 8M-example budget.
 * docs/recipes-multiply.md has the ablation behind it.
 */
const multiply: TrainPreset = {
  task: { digits: 3, operators: ['*'] },
  model: { family: 'aligned', hiddenSize: 128, embeddingSize: 4 },
  batchSize: 128,
  // 8M examples, about 24 minutes on one thread at 5 digits and 13 at 3: the whole decay,
  // without an early stop (which stopped runs at the edge of 99.9%). With 6M, one seed of two
  // missed a hard case at 5 digits (docs/recipes-multiply.md).
  epochs: 32,
  examplesPerEpoch: 250_000,
  learningRate: 0.003,
  warmupExamples: 20_000,
  learningRateDecay: 'cosine',
  learningRateFinal: 0.00001,
  clipNorm: 1,
  // Three questions in ten of large digits (99*999, 8979*675) or repeated ones (77477*3333,
  // 10000*99999): the columns with the largest sums and carries, and columns holding one digit
  // pair many times, which uniform operands almost never show.
  carryFraction: 0.3,
  // A tenth of each batch replays questions the model got wrong.
  replayFraction: 0.1,
  // Most questions of full length, as the held-out questions are (their split holds few short
  // pairs, so 10,000 distinct ones of 3 digits are nearly all 3x3).
  distribution: 'uniform',
  seed: 1,
  validationSize: 10_000,
  evaluateEvery: 250_000,
};

/** The presets by name. */
export const TRAIN_PRESETS: Readonly<Record<PresetName, TrainPreset>> = Object.freeze({ default: recipe, keras, aligned, multiply });

/** What `train` uses for every option left unset: the 'default' preset. */
export const DEFAULT_TRAIN_OPTIONS: TrainPreset = recipe;

/** The preset names, for validation and help texts. */
export const PRESET_NAMES = Object.keys(TRAIN_PRESETS) as PresetName[];
