import { InvalidOptionError, type TaskOptions } from '@addrnn/codec';
import type { BackendChoice, BackendInfo, Implementation, ModelOptions } from '@addrnn/model';
import type { CheckpointFileSystem } from './checkpoint-fs.js';
import type { EpochLog, Metrics } from './epoch-log.js';
import type { TargetReport } from './targets.js';

/** Progress events of `train`. The CLI and the web app draw their progress from these. */
export interface TrainCallbacks {
  /** Once, after the backend is chosen and the model is built (or restored). */
  onStart?(info: StartInfo): void;
  /** After every training batch. */
  onBatchEnd?(log: BatchLog): void;
  /** After every epoch, with training and validation metrics. */
  onEpochEnd?(log: EpochLog): void;
  /** After every validation evaluation: each `evaluateEvery` examples, and at each epoch's end. */
  onEvaluation?(log: EvaluationLog): void;
}

/** What `onEvaluation` receives. */
export interface EvaluationLog {
  /** 1-based epoch the evaluation falls in (at an epoch's end: that epoch). */
  epoch: number;
  /** Whether this is the evaluation at the epoch's end (`onEpochEnd` follows with the same validation). */
  atEpochEnd: boolean;
  /** Training examples seen by then. */
  examplesSeen: number;
  /** Wall time of training by then, resumed runs included. */
  elapsedSeconds: number;
  /** Loss (the training loss, unsmoothed), per-character and whole-answer accuracy on the validation set. */
  validation: Metrics;
  validationSize: number;
  /** Accuracy targets this evaluation passed for the first time. */
  targetsReached: TargetReport[];
  /** Every target passed so far. */
  targets: TargetReport[];
}

/** What `onStart` receives. */
export interface StartInfo {
  backend: BackendInfo;
  parameters: number;
  /** Completed epochs of the checkpoint a resumed run continues. */
  resumedFrom?: number;
  /** Threads computing each batch, this one included (after any fallback). */
  threads: number;
  /** What computes the training steps: the WebAssembly 'kernel', 'fused' tfjs operations or stock 'layers'. */
  implementation: Implementation;
  /** Why the run does not use what was asked for (the kernel could not load, worker threads could not start). */
  fallbackReason?: string;
  /** Validation questions checked after each epoch. */
  validationSize: number;
  /**
   * Set when the task holds fewer distinct validation questions than `validationSize` asked
   * for (1-digit '+': about 2 of 55): the size asked for; all of the task's are used instead.
   */
  validationSizeRequested?: number;
  /** What `train` repaired in `outDir` after a crash (an interrupted checkpoint write), if anything. */
  recovered?: string[];
}

/** When `train` writes `outDir/latest` within an epoch (it always does at an epoch's end). */
export interface CheckpointInterval {
  /** After this much training time since the last checkpoint. */
  seconds?: number;
  /** After this many training examples since the last checkpoint. */
  examples?: number;
}

/** What `onBatchEnd` receives. */
export interface BatchLog {
  /** 1-based epoch number. */
  epoch: number;
  /** 1-based batch number within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Loss of this batch. */
  loss: number;
  /** Training examples seen since the run began, this batch included. */
  examplesSeen: number;
  /** Training throughput of the current epoch so far. */
  samplesPerSecond: number;
  /** Learning rate this batch was trained with. */
  learningRate: number;
}

export interface TrainOptions {
  /** The arithmetic task (digits, operators, reversal). @default new Codec() defaults: 5 digits, '+' */
  task?: TaskOptions;
  /** Model architecture; `seed` defaults to the run's `seed`. @default createModel() defaults */
  model?: Omit<ModelOptions, 'codec'>;
  /** Examples per training batch, integer 1..65536. @default 32 */
  batchSize?: number;
  /** Number of epochs, integer >= 1. @default 30 */
  epochs?: number;
  /** Training examples per epoch, rounded up to whole batches. @default 50_000 */
  examplesPerEpoch?: number;
  /** Adam learning rate at the start. @default 0.001 */
  learningRate?: number;
  /** Unset: the learning rate is constant; set: it decays exponentially to this over `decayExamples`. */
  learningRateFinal?: number;
  /** Examples over which the learning rate decays. @default epochs * examplesPerEpoch */
  decayExamples?: number;
  /** Clip gradients by global norm; unset: no clipping. */
  clipNorm?: number;
  /**
   * Share of training examples (0..1) drawn with long carry or borrow chains (99999+1-like, see
   * `ArithmeticDataset.sampleChain`) instead of the task's operand distribution. @default 0
   */
  carryFraction?: number;
  /** Seed of the data stream, the validation set and the weight initialisation. @default 1 */
  seed?: number;
  /** Number of validation questions evaluated after every epoch. @default 2_000 */
  validationSize?: number;
  /**
   * Also evaluate on the validation set every this many training examples, apart from the epoch
   * size: `onEvaluation`, the accuracy-target reports and `targetAccuracy` then act at that
   * interval. @default unset: at epoch ends only
   */
  evaluateEvery?: number;
  /**
   * Validation whole-answer accuracies whose first passing is reported (`onEvaluation`, the
   * result's `targets`, the checkpoint's training record), each from 0 to below 1.
   * @default [0.97, 0.99, 0.999]
   */
  accuracyTargets?: number[];
  /** Stop early once validation exact-match accuracy reaches this (0..1). @default unset: never */
  targetAccuracy?: number;
  /** Checkpoint directory (Node only): `outDir/latest` every epoch, `outDir/best` on improvement. */
  outDir?: string;
  /** Continue from `outDir/latest`. Options left unset are taken from the checkpoint. @default false */
  resume?: boolean;
  /**
   * Let a new run (not `resume`) replace the checkpoints of a run already in `outDir`; without
   * it, such an `outDir` is refused with RunExistsError. @default false
   */
  overwrite?: boolean;
  /**
   * Also write `outDir/latest` within an epoch, whenever either limit is reached, so that a
   * killed run loses at most that much. `{}` or `false`: only at epoch ends.
   * @default { seconds: 60 }
   */
  checkpointInterval?: CheckpointInterval | false;
  /** The file system checkpoints are written through (tests inject faults here). @default node:fs */
  fileSystem?: CheckpointFileSystem;
  /** Backend passed to `useBackend`. @default 'auto' */
  backend?: BackendChoice;
  /**
   * Threads computing each batch's gradients (data parallel, Node.js with the wasm or cpu backend
   * and the fused implementation); `auto` lets `chooseTrainThreads` pick from the cores and the
   * batch size. Results match one thread up to float rounding. @default 'auto'
   */
  threads?: number | 'auto';
  /** Stop cleanly after the current batch; a checkpoint is written when `outDir` is set. */
  signal?: AbortSignal;
  callbacks?: TrainCallbacks;
}

/** The options that define a run, with defaults applied; JSON, saved in checkpoints. */
export interface ResolvedTrainOptions {
  task: TaskOptions;
  model: Omit<ModelOptions, 'codec'>;
  batchSize: number;
  epochs: number;
  examplesPerEpoch: number;
  learningRate: number;
  learningRateFinal?: number;
  decayExamples: number;
  clipNorm?: number;
  carryFraction: number;
  seed: number;
  validationSize: number;
  evaluateEvery?: number;
  accuracyTargets?: number[];
  targetAccuracy?: number;
  backend: BackendChoice;
  threads: number | 'auto';
}

const backendChoices: readonly BackendChoice[] = ['auto', 'node', 'wasm', 'cpu', 'webgl'];

/** Options that fix the data order or the model's shape: a resumed run must keep them. */
export const fixedOnResume = ['task', 'model', 'batchSize', 'examplesPerEpoch', 'seed'] as const;

/**
 * Applies defaults to `options` and validates them. On resume, `saved` (the checkpoint's
 * options) supplies whatever `options` leaves unset.
 */
export function resolveTrainOptions(
  options: TrainOptions,
  saved?: ResolvedTrainOptions,
): ResolvedTrainOptions {
  const pick = <K extends keyof ResolvedTrainOptions>(key: K): ResolvedTrainOptions[K] | undefined =>
    (options[key as keyof TrainOptions] as ResolvedTrainOptions[K] | undefined) ?? saved?.[key];

  const batchSize = pick('batchSize') ?? 32;
  const epochs = pick('epochs') ?? 30;
  const examplesPerEpoch = pick('examplesPerEpoch') ?? 50_000;
  const learningRate = pick('learningRate') ?? 0.001;
  const learningRateFinal = pick('learningRateFinal');
  // A decay length taken from a checkpoint was derived from its own epoch count; when the
  // resumed run changes `epochs`, the default follows the new count.
  const decayExamples =
    options.decayExamples ?? (options.epochs === undefined ? saved?.decayExamples : undefined) ??
    epochs * examplesPerEpoch;
  const clipNorm = pick('clipNorm');
  const carryFraction = pick('carryFraction') ?? 0;
  const seed = pick('seed') ?? 1;
  const validationSize = pick('validationSize') ?? 2_000;
  const targetAccuracy = pick('targetAccuracy');
  const evaluateEvery = pick('evaluateEvery');
  const accuracyTargets = pick('accuracyTargets');
  const backend = pick('backend') ?? 'auto';
  const threads = pick('threads') ?? 'auto';

  checkInteger('batchSize', batchSize, 1, 65_536);
  checkInteger('epochs', epochs, 1, 1_000_000);
  checkInteger('examplesPerEpoch', examplesPerEpoch, 1, Number.MAX_SAFE_INTEGER);
  checkPositive('learningRate', learningRate);
  if (learningRateFinal !== undefined) checkPositive('learningRateFinal', learningRateFinal);
  checkInteger('decayExamples', decayExamples, 1, Number.MAX_SAFE_INTEGER);
  if (clipNorm !== undefined) checkPositive('clipNorm', clipNorm);
  if (typeof carryFraction !== 'number' || !(carryFraction >= 0 && carryFraction <= 1)) {
    throw new InvalidOptionError(`carryFraction must be a number from 0 to 1, got ${describe(carryFraction)}`);
  }
  checkInteger('seed', seed, 0, 2 ** 32 - 1);
  checkInteger('validationSize', validationSize, 1, 1_000_000);
  if (evaluateEvery !== undefined) checkInteger('evaluateEvery', evaluateEvery, 1, Number.MAX_SAFE_INTEGER);
  if (accuracyTargets !== undefined && (!Array.isArray(accuracyTargets) || !accuracyTargets.every((t) => typeof t === 'number' && t >= 0 && t < 1))) {
    throw new InvalidOptionError(`accuracyTargets must be an array of numbers from 0 to below 1, got ${describe(accuracyTargets)}`);
  }
  if (targetAccuracy !== undefined) {
    if (typeof targetAccuracy !== 'number' || !(targetAccuracy >= 0 && targetAccuracy <= 1)) {
      throw new InvalidOptionError(
        `targetAccuracy must be a number from 0 to 1, got ${describe(targetAccuracy)}`,
      );
    }
  }
  if (!backendChoices.includes(backend)) {
    throw new InvalidOptionError(
      `backend must be one of ${backendChoices.map((choice) => JSON.stringify(choice)).join(', ')}, got ${describe(backend)}`,
    );
  }
  if (threads !== 'auto' && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 64)) {
    throw new InvalidOptionError(`threads must be "auto" or an integer from 1 to 64, got ${describe(threads)}`);
  }
  if (options.outDir !== undefined && (typeof options.outDir !== 'string' || options.outDir === '')) {
    throw new InvalidOptionError(`outDir must be a non-empty string, got ${describe(options.outDir)}`);
  }
  if (options.resume === true && options.outDir === undefined) {
    throw new InvalidOptionError('resume needs outDir, the directory that holds the checkpoint to resume');
  }
  if (options.resume === true && options.overwrite === true) {
    throw new InvalidOptionError('resume and overwrite contradict each other: resume continues the run in outDir, overwrite replaces it');
  }
  resolveCheckpointInterval(options.checkpointInterval);

  return withoutUndefined({
    task: { ...(saved?.task ?? {}), ...(options.task ?? {}) },
    model: { ...(saved?.model ?? {}), ...(options.model ?? {}) },
    batchSize,
    epochs,
    examplesPerEpoch,
    learningRate,
    learningRateFinal,
    decayExamples,
    clipNorm,
    carryFraction,
    seed,
    validationSize,
    evaluateEvery,
    accuracyTargets,
    targetAccuracy,
    backend,
    threads,
  });
}

/** The interval with its default, validated. */
export function resolveCheckpointInterval(interval: TrainOptions['checkpointInterval']): CheckpointInterval {
  if (interval === undefined) return { seconds: 60 };
  if (interval === false) return {};
  if (typeof interval !== 'object' || interval === null) {
    throw new InvalidOptionError(`checkpointInterval must be an object like { seconds: 60 } or false, got ${describe(interval)}`);
  }
  if (interval.seconds !== undefined) checkPositive('checkpointInterval.seconds', interval.seconds);
  if (interval.examples !== undefined) checkInteger('checkpointInterval.examples', interval.examples, 1, Number.MAX_SAFE_INTEGER);
  return interval;
}

function checkInteger(name: string, value: unknown, minimum: number, maximum: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `>= ${minimum}` : `from ${minimum} to ${maximum}`;
    throw new InvalidOptionError(`${name} must be an integer ${range}, got ${describe(value)}`);
  }
}

function checkPositive(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(`${name} must be a finite number > 0, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
