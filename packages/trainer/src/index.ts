export { train } from './train.js';
export { evaluate } from './evaluate.js';
export { learningRateAt } from './learning-rate.js';
export { TrainingDivergedError, CheckpointError } from './errors.js';
export type { TrainOptions, TrainCallbacks, BatchLog, ResolvedTrainOptions } from './options.js';
export type { Metrics, EpochLog, Sample, StopReason, TrainResult } from './epoch-log.js';
export type { EvaluateOptions, Evaluation, EvaluationError } from './evaluate.js';
export type { LearningRateSchedule } from './learning-rate.js';
export type { TrainerState } from './checkpoint.js';
