import type { OperandDistribution, TaskOptions } from '@addrnn/codec';
import type { BackendChoice, BackendInfo, Implementation, ModelOptions } from '@addrnn/model';
import type { CheckpointFileSystem } from './checkpoint-fs.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { EpochLog, Metrics } from './epoch-log.js';
import type { LockHolder } from './errors.js';
import type { ScheduleScaling } from './schedule-scaling.js';
import type { LearningRateDecay } from './learning-rate.js';
import type { TargetReport } from './targets.js';

/** Names of the settings a run starts from (`TrainOptions.preset`, `addrnn train --preset`); see `TRAIN_PRESETS`. */
export type PresetName = 'default' | 'keras' | 'aligned' | 'multiply';

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
  /** Validation loss (computed with the training loss function) and per-character and whole-answer accuracy on the validation set. */
  validation: Metrics;
  /** Validation questions the evaluation checked. */
  validationSize: number;
  /** Accuracy targets this evaluation passed for the first time. */
  targetsReached: TargetReport[];
  /** Every target passed so far. */
  targets: TargetReport[];
}

/** What `onStart` receives. */
export interface StartInfo {
  /** The options of the run, defaults, preset and checkpoint applied. */
  options: ResolvedTrainOptions;
  /** Where a resumed run continues: the checkpoint's progress. Absent for a fresh run. */
  resumed?: ResumePoint;
  /** The tfjs backend the run trains on, and why faster ones were skipped. */
  backend: BackendInfo;
  /** Trainable parameters of the model. */
  parameters: number;
  /** Completed epochs of the checkpoint a resumed run continues. */
  resumedFrom?: number;
  /** Threads computing each batch, this one included (after any fallback). */
  threads: number;
  /** What computes the training steps: the WebAssembly 'kernel', 'fused' tfjs operations or stock 'layers'. */
  implementation: Implementation;
  /** Why the run does not use what was asked for (the kernel could not load, worker threads could not start). */
  fallbackReason?: string;
  /**
   * Set on a fresh run whose budget (`epochs * examplesPerEpoch`) is shorter than its preset's
   * schedule: the preset's warm-up and decay (those the options left unset) were scaled down
   * together to fit it. `options` holds the scaled values, which the checkpoints keep for resume.
   */
  scheduleScaled?: ScheduleScaling;
  /** Validation questions checked after each epoch. */
  validationSize: number;
  /**
   * Set when the task holds fewer distinct validation questions than `validationSize` asked
   * for (1-digit '+': about 2 of 55): the size asked for; all of the task's are used instead.
   */
  validationSizeRequested?: number;
  /** What `train` repaired in `outDir` after a crash (an interrupted checkpoint write), if anything. */
  recovered?: string[];
  /**
   * Set when `outDir` held the lock of a run whose process is no longer alive (it was killed):
   * that run's process, and the lock file, which this run took over.
   */
  staleLock?: LockHolder & {
    /** The lock file that was taken over. */
    file: string;
  };
}

/** The progress a resumed run continues from. */
export interface ResumePoint {
  /** Completed epochs. */
  epoch: number;
  /** Batches done in the epoch under way. */
  batchInEpoch: number;
  /** Training examples seen so far. */
  examplesSeen: number;
  /** Training wall time of the run so far. */
  elapsedSeconds: number;
  /**
   * Best validation whole-answer accuracy so far, and its epoch.
   * @property epoch - the epoch that reached it.
   * @property exactMatch - the share of validation answers entirely right, from 0 to 1.
   */
  best: { epoch: number; exactMatch: number };
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
  /** Batches in a full epoch: `examplesPerEpoch / batchSize`, rounded up. */
  batchesPerEpoch: number;
  /** Examples in this batch. */
  batchSize: number;
  /** Loss of this batch. */
  loss: number;
  /** Training examples seen since the run began, this batch included. */
  examplesSeen: number;
  /** Training throughput of the current epoch so far. */
  samplesPerSecond: number;
  /** Learning rate this batch was trained with. */
  learningRate: number;
}

/**
 * Options of `train`. Each option left unset takes the value of `preset` (see `TRAIN_PRESETS`;
 * `DEFAULT_TRAIN_OPTIONS` without one); on resume, the checkpoint's. The optional levers
 * (`learningRateFinal`, `clipNorm`, `evaluateEvery`, `targetAccuracy`) take `null` for off.
 */
export interface TrainOptions {
  /**
   * The settings unset options take: 'default' (the tuned recipe), 'keras' (the seed's) or
   * 'aligned' (the column-aligned adder of any length, trained on operands of up to 10 digits). @default 'default'
   */
  preset?: PresetName;
  /** The arithmetic task (digits, operators, reversal). @default new Codec() defaults: 5 digits, '+' */
  task?: TaskOptions;
  /** Model architecture; `seed` defaults to the run's `seed`. @default createModel() defaults */
  model?: Omit<ModelOptions, 'codec'>;
  /** Examples per training batch, an integer from 1 to `MAX_BATCH_SIZE` (65,536, from @addrnn/dataset). @default 32 */
  batchSize?: number;
  /** Number of epochs, integer >= 1. @default 30 */
  epochs?: number;
  /** Training examples per epoch, rounded up to whole batches. @default 50_000 */
  examplesPerEpoch?: number;
  /** Adam learning rate at the start. @default 0.001 */
  learningRate?: number;
  /** The rate the learning rate decays to over `decayExamples`; `null`: none (a cosine then falls to 0, an exponential does not decay). */
  learningRateFinal?: number | null;
  /** The shape of the decay: 'exponential' or 'cosine' (see `learningRateAt`). */
  learningRateDecay?: LearningRateDecay;
  /**
   * Examples from the start over which the decay runs, warm-up included. @default the preset's,
   * fitted to this run's budget (`epochs * examplesPerEpoch`): a budget shorter than the preset's
   * decay scales the preset's decay and warm-up down together so that the decay ends with the
   * run (`StartInfo.scheduleScaled` says so); a budget longer than the preset's stretches the
   * decay over the same share of it ('keras', which has no decay of its own, spans the budget).
   * A value given here is kept as given. On resume: the checkpoint's (training further keeps the final rate).
   */
  decayExamples?: number;
  /**
   * Examples over which the learning rate first rises linearly to `learningRate`; 0: none. @default the
   * preset's, scaled down with the decay when the budget is shorter than the preset's decay (see `decayExamples`); a value given is kept.
   */
  warmupExamples?: number;
  /** Clip gradients to this global norm; `null`: no clipping. */
  clipNorm?: number | null;
  /** Share of training examples (0..1) drawn with long carry chains (`ArithmeticDataset.sampleChain`). @default 0 */
  carryFraction?: number;
  /** Share of each batch (0 to below 1) replaying training questions it got wrong (`TrainStream.recordWrong`). @default 0 */
  replayFraction?: number;
  /** Label smoothing ε (0 to below 1): training targets are (1 − ε)·one-hot + ε/classes; validation reports the plain loss. @default 0 */
  labelSmoothing?: number;
  /** How questions draw operands: `'keras'` (a length of 1..digits) or `'uniform'` (mostly full length). @default 'keras' */
  distribution?: OperandDistribution;
  /** Seed of the data stream, the validation set and the weight initialisation. @default 1 */
  seed?: number;
  /** Number of validation questions evaluated after every epoch. @default 2_000 */
  validationSize?: number;
  /**
   * Also evaluate on the validation set every this many training examples, apart from the epoch
   * size: `onEvaluation`, the accuracy-target reports and `targetAccuracy` then act at that
   * interval. @default unset: at epoch ends only
   */
  evaluateEvery?: number | null;
  /**
   * Validation whole-answer accuracies whose first passing is reported (`onEvaluation`, the
   * result's `targets`, the checkpoint's training record), each from 0 to below 1.
   * @default [0.97, 0.99, 0.999]
   */
  accuracyTargets?: number[];
  /** Stop early once validation exact-match accuracy reaches this (0..1); `null`: never. */
  targetAccuracy?: number | null;
  /** Checkpoint directory (Node only): `outDir/latest` every epoch, `outDir/best` on improvement. */
  outDir?: string;
  /**
   * Where the checkpoints go instead of `outDir`: a store holding one run (for example one on
   * IndexedDB in a browser); `latest` and `best` are written into it and `resume` reads from it,
   * in the same format. Give either this or `outDir`, not both; `fileSystem` applies only to the
   * store made from `outDir`. A store given here takes no lock: unlike `outDir` (locked by
   * `outDir/.lock`), nothing stops two runs writing into it at once.
   */
  checkpointStore?: CheckpointStore;
  /**
   * Continue from `latest` in `outDir` (or `checkpointStore`). Options left unset are taken from
   * the checkpoint. @default false
   */
  resume?: boolean;
  /**
   * Let a new run (not `resume`) replace the checkpoints of a run already in `outDir` (or
   * `checkpointStore`); without it, such a run is refused with RunExistsError. @default false
   */
  overwrite?: boolean;
  /**
   * Also write `outDir/latest` within an epoch, whenever either limit is reached, so that a
   * killed run loses at most that much. `{}` or `false`: only at epoch ends.
   * @default { seconds: 60 }
   */
  checkpointInterval?: CheckpointInterval | false;
  /**
   * The file system checkpoints are written through (tests inject faults here); the run's lock
   * file, `outDir/.lock`, is always made through node:fs. @default node:fs
   */
  fileSystem?: CheckpointFileSystem;
  /** Backend passed to `useBackend`. @default 'auto' */
  backend?: BackendChoice;
  /**
   * Threads computing each batch's gradients (data parallel: the kernel on any backend, tfjs-node
   * included; the fused implementation in Node.js on wasm or cpu); `auto` lets
   * `chooseTrainThreads` pick from the cores and the batch size. Results match one thread up to
   * float rounding. @default 'auto'
   */
  threads?: number | 'auto';
  /** Stop cleanly after the current batch; a checkpoint is written when `outDir` or `checkpointStore` is set. */
  signal?: AbortSignal;
  /** Progress events: start, each batch, each evaluation, each epoch. */
  callbacks?: TrainCallbacks;
}

/** The options that define a run, with defaults applied; JSON, saved in checkpoints. */
export interface ResolvedTrainOptions {
  /** The preset unset options came from (absent in checkpoints written before presets). */
  preset?: PresetName;
  /** {@inheritDoc TrainOptions.task} */
  task: TaskOptions;
  /** {@inheritDoc TrainOptions.model} */
  model: Omit<ModelOptions, 'codec'>;
  /** {@inheritDoc TrainOptions.batchSize} */
  batchSize: number;
  /** {@inheritDoc TrainOptions.epochs} */
  epochs: number;
  /** {@inheritDoc TrainOptions.examplesPerEpoch} */
  examplesPerEpoch: number;
  /** {@inheritDoc TrainOptions.learningRate} */
  learningRate: number;
  /** {@inheritDoc TrainOptions.learningRateFinal} */
  learningRateFinal?: number;
  /** {@inheritDoc TrainOptions.learningRateDecay} */
  learningRateDecay?: LearningRateDecay;
  /** {@inheritDoc TrainOptions.decayExamples} */
  decayExamples: number;
  /** {@inheritDoc TrainOptions.warmupExamples} */
  warmupExamples?: number;
  /** {@inheritDoc TrainOptions.clipNorm} */
  clipNorm?: number;
  /** {@inheritDoc TrainOptions.carryFraction} */
  carryFraction: number;
  /** {@inheritDoc TrainOptions.replayFraction} */
  replayFraction: number;
  /** {@inheritDoc TrainOptions.labelSmoothing} */
  labelSmoothing: number;
  /** {@inheritDoc TrainOptions.distribution} */
  distribution: OperandDistribution;
  /** {@inheritDoc TrainOptions.seed} */
  seed: number;
  /** {@inheritDoc TrainOptions.validationSize} */
  validationSize: number;
  /** {@inheritDoc TrainOptions.evaluateEvery} */
  evaluateEvery?: number;
  /** {@inheritDoc TrainOptions.accuracyTargets} */
  accuracyTargets?: number[];
  /** {@inheritDoc TrainOptions.targetAccuracy} */
  targetAccuracy?: number;
  /** {@inheritDoc TrainOptions.backend} */
  backend: BackendChoice;
  /** {@inheritDoc TrainOptions.threads} */
  threads: number | 'auto';
}
