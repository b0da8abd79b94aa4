/**
 * The training loop for `@addrnn/model`: {@link train} with a learning-rate schedule, gradient
 * clipping, validation, accuracy targets, checkpoints and resume, and {@link evaluate}.
 * @module @addrnn/trainer
 */
export { train } from './train.js';
export { evaluate } from './evaluate.js';
export { learningRateAt } from './learning-rate.js';
export type { LearningRateDecay } from './learning-rate.js';
export { resolveTrainOptions } from './resolve-options.js';
export { DEFAULT_TRAIN_OPTIONS, PRESET_NAMES, TRAIN_PRESETS } from './presets.js';
export { MAX_EPOCHS, MAX_THREADS, MAX_VALIDATION_SIZE } from './limits.js';
export type { PresetName, TrainPreset } from './presets.js';
export { TrainingDivergedError, CheckpointError, RunExistsError, RunLockedError } from './errors.js';
export type { LockHolder } from './errors.js';
export type { TrainOptions, TrainCallbacks, BatchLog, EvaluationLog, ResolvedTrainOptions, StartInfo, CheckpointInterval, ResumePoint } from './options.js';
export type { ScheduleScaling } from './schedule-scaling.js';
export { ACCURACY_TARGETS, questionsToClaim } from './targets.js';
export type { TargetReport } from './targets.js';
export type { CheckpointFile, CheckpointFileSystem, EntryKind } from './checkpoint-fs.js';
export type { CheckpointContents, CheckpointName, CheckpointStore } from './checkpoint-store.js';
export type { Metrics, EpochLog, Sample, StopReason, TrainResult } from './epoch-log.js';
export type { EvaluateOptions, Evaluation, EvaluationError } from './evaluate.js';
export type { LearningRateSchedule } from './learning-rate.js';
export type { TrainerState } from './checkpoint.js';
