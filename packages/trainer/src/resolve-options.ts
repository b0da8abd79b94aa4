import { InvalidOptionError } from '@addrnn/codec';
import { checkSeed } from '@addrnn/codec/internal';
import { checkBatchSize } from '@addrnn/dataset';
import type { BackendChoice } from '@addrnn/model';
import { checkClipNorm } from '@addrnn/model/internal';
import { MAX_EPOCHS, MAX_THREADS, MAX_VALIDATION_SIZE } from './limits.js';
import { CHECKPOINT_STORE_METHODS } from './checkpoint-store.js';
import type { CheckpointInterval, ResolvedTrainOptions, TrainOptions } from './options.js';
import type { ScheduleScaling } from './schedule-scaling.js';
import { fitSchedule } from './fit-schedule.js';
import { PRESET_NAMES, TRAIN_PRESETS, type TrainPreset } from './presets.js';

const backendChoices: readonly BackendChoice[] = ['auto', 'node', 'wasm', 'cpu', 'webgl'];
const decayShapes = ['exponential', 'cosine'] as const;

/** Options that fix the data order or the model's shape: a resumed run must keep them. */
export const fixedOnResume = ['task', 'model', 'batchSize', 'examplesPerEpoch', 'seed', 'distribution'] as const;

/**
 * Applies the preset (`options.preset`, else 'default') to what `options` leaves unset, and
 * validates the result. On resume, `saved` (the checkpoint's options) supplies whatever
 * `options` leaves unset instead; its preset is not consulted, since a checkpoint holds every
 * setting of its run. `null` turns an optional lever off. A fresh run's warm-up and decay left
 * unset are the preset's, fitted to the run's budget (see `fitSchedule`).
 */
export function resolveTrainOptions(options: TrainOptions, saved?: ResolvedTrainOptions): ResolvedTrainOptions {
  return resolveRunOptions(options, saved).resolved;
}

/** `resolveTrainOptions`, and how a fresh run's schedule was fitted to its budget, for `onStart`. */
export function resolveRunOptions(
  options: TrainOptions,
  saved?: ResolvedTrainOptions,
): { resolved: ResolvedTrainOptions; scheduleScaled?: ScheduleScaling } {
  const presetName = options.preset ?? saved?.preset ?? 'default';
  if (!PRESET_NAMES.includes(presetName)) {
    throw new InvalidOptionError(`preset must be one of ${PRESET_NAMES.map((name) => JSON.stringify(name)).join(', ')}, got ${describe(presetName)}`);
  }
  const base: Partial<ResolvedTrainOptions> & Partial<TrainPreset> = saved ?? TRAIN_PRESETS[presetName];
  const pick = <K extends keyof ResolvedTrainOptions>(key: K): ResolvedTrainOptions[K] | undefined => {
    const given = options[key as keyof TrainOptions] as ResolvedTrainOptions[K] | null | undefined;
    if (given === null) return undefined;
    return given ?? (base[key] as ResolvedTrainOptions[K] | undefined);
  };
  const required = <K extends keyof ResolvedTrainOptions>(key: K, fallback: NonNullable<ResolvedTrainOptions[K]>) =>
    (pick(key) ?? fallback) as NonNullable<ResolvedTrainOptions[K]>;
  // Fallbacks for checkpoints written before an option existed: what their runs did.
  const batchSize = required('batchSize', 32);
  const epochs = required('epochs', 30);
  const examplesPerEpoch = required('examplesPerEpoch', 50_000);
  const learningRate = required('learningRate', 0.001);
  const learningRateFinal = pick('learningRateFinal');
  const learningRateDecay = pick('learningRateDecay');
  // Unset: a resumed run keeps its schedule; a fresh one takes the preset's, fitted to its budget.
  const fitted = fitSchedule(TRAIN_PRESETS[presetName], epochs * examplesPerEpoch, {
    decayExamples: options.decayExamples ?? saved?.decayExamples,
    warmupExamples: options.warmupExamples,
  });
  const decayExamples = fitted.decayExamples;
  const warmupExamples = saved === undefined ? fitted.warmupExamples : pick('warmupExamples');
  const scheduleScaled = saved === undefined ? fitted.scaled : undefined;
  const clipNorm = pick('clipNorm');
  const carryFraction = required('carryFraction', 0);
  const replayFraction = required('replayFraction', 0);
  const labelSmoothing = required('labelSmoothing', 0);
  const distribution = required('distribution', 'keras');
  const seed = required('seed', 1);
  const validationSize = required('validationSize', 2_000);
  const targetAccuracy = pick('targetAccuracy');
  const evaluateEvery = pick('evaluateEvery');
  const accuracyTargets = pick('accuracyTargets');
  const backend = required('backend', 'auto');
  const threads = required('threads', 'auto');

  checkBatchSize(batchSize);
  checkInteger('epochs', epochs, 1, MAX_EPOCHS);
  checkInteger('examplesPerEpoch', examplesPerEpoch, 1, Number.MAX_SAFE_INTEGER);
  checkPositive('learningRate', learningRate);
  if (learningRateFinal !== undefined) checkPositive('learningRateFinal', learningRateFinal);
  checkInteger('decayExamples', decayExamples, 1, Number.MAX_SAFE_INTEGER);
  if (warmupExamples !== undefined) checkInteger('warmupExamples', warmupExamples, 0, Number.MAX_SAFE_INTEGER);
  if (learningRateDecay !== undefined && !decayShapes.includes(learningRateDecay)) {
    throw new InvalidOptionError(`learningRateDecay must be "exponential" or "cosine", got ${describe(learningRateDecay)}`);
  }
  if (clipNorm !== undefined) checkClipNorm(clipNorm);
  if (typeof carryFraction !== 'number' || !(carryFraction >= 0 && carryFraction <= 1)) {
    throw new InvalidOptionError(`carryFraction must be a number from 0 to 1, got ${describe(carryFraction)}`);
  }
  if (typeof replayFraction !== 'number' || !(replayFraction >= 0 && replayFraction < 1)) {
    throw new InvalidOptionError(`replayFraction must be a number from 0 to below 1, got ${describe(replayFraction)}`);
  }
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing < 1)) {
    throw new InvalidOptionError(`labelSmoothing must be a number from 0 to below 1, got ${describe(labelSmoothing)}`);
  }
  if (distribution !== 'keras' && distribution !== 'uniform') {
    throw new InvalidOptionError(`distribution must be "keras" or "uniform", got ${describe(distribution)}`);
  }
  checkSeed(seed);
  checkInteger('validationSize', validationSize, 1, MAX_VALIDATION_SIZE);
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
  if (threads !== 'auto' && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS)) {
    throw new InvalidOptionError(`threads must be "auto" or an integer from 1 to ${MAX_THREADS}, got ${describe(threads)}`);
  }
  if (options.outDir !== undefined && (typeof options.outDir !== 'string' || options.outDir === '')) {
    throw new InvalidOptionError(`outDir must be a non-empty string, got ${describe(options.outDir)}`);
  }
  checkCheckpointStore(options);
  if (options.resume === true && options.outDir === undefined && options.checkpointStore === undefined) {
    throw new InvalidOptionError('resume needs outDir (or checkpointStore), which holds the checkpoint to resume');
  }
  if (options.resume === true && options.overwrite === true) {
    throw new InvalidOptionError('resume and overwrite contradict each other: resume continues the run in outDir, overwrite replaces it');
  }
  resolveCheckpointInterval(options.checkpointInterval);

  const resolved = withoutUndefined({
    preset: presetName,
    task: { ...(base.task ?? {}), ...(options.task ?? {}) },
    model: { ...(base.model ?? {}), ...(options.model ?? {}) },
    batchSize,
    epochs,
    examplesPerEpoch,
    learningRate,
    learningRateFinal,
    learningRateDecay,
    decayExamples,
    warmupExamples,
    clipNorm,
    carryFraction,
    replayFraction,
    labelSmoothing,
    distribution,
    seed,
    validationSize,
    evaluateEvery,
    accuracyTargets,
    targetAccuracy,
    backend,
    threads,
  });
  return scheduleScaled === undefined ? { resolved } : { resolved, scheduleScaled };
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

/** `checkpointStore`: an object with every method of CheckpointStore, given instead of `outDir` and `fileSystem`. */
function checkCheckpointStore({ checkpointStore: store, outDir, fileSystem }: TrainOptions): void {
  if (store === undefined) return;
  const missing =
    typeof store === 'object' && store !== null
      ? CHECKPOINT_STORE_METHODS.filter((method) => typeof (store as unknown as Record<string, unknown>)[method] !== 'function')
      : [...CHECKPOINT_STORE_METHODS];
  if (missing.length > 0) {
    throw new InvalidOptionError(
      `checkpointStore must be a CheckpointStore, an object with the methods ${CHECKPOINT_STORE_METHODS.join(', ')}; ` +
        `got ${typeof store === 'object' && store !== null ? `an object without ${missing.join(', ')}` : describe(store)}`,
    );
  }
  if (outDir !== undefined) {
    throw new InvalidOptionError(`checkpointStore and outDir (${describe(outDir)}) name two places for one run's checkpoints; give one of them`);
  }
  if (fileSystem !== undefined) {
    throw new InvalidOptionError('fileSystem applies only to the checkpoints of outDir; a checkpointStore does its own storage, so give one of them');
  }
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
