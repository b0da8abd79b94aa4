import type { BackendChoice, BackendInfo } from '@addrnn/model';
import type { BatchLog, EpochLog, EvaluationLog, PresetName, ResolvedTrainOptions, StopReason, TrainOptions } from '@addrnn/trainer';
import type * as tf from '@tensorflow/tfjs';
import type { StoredRunStart } from './run-start.js';
import type { ThreadChoice } from './threads.js';

/**
 * The trainer options a form sets: those of `train()` that `addrnn train`'s flags set, nothing of
 * the run's storage, signal or progress (the worker owns those) or its backend (the page's).
 */
export type TrainFlags = Omit<
  TrainOptions,
  'preset' | 'backend' | 'outDir' | 'checkpointStore' | 'resume' | 'overwrite' | 'checkpointInterval' | 'fileSystem' | 'signal' | 'callbacks'
>;

/** The Train view's form, as sent to the training worker. */
export interface TrainRequest {
  /** The preset the options left unset come from, as `addrnn train --preset`. */
  preset: PresetName;
  /** The fields changed from the preset (`changedOptions`); `{}` trains the preset as it is. */
  options: TrainFlags;
  /** The page's backend choice ('auto' unless the URL or the form asks for one). */
  backend: BackendChoice;
}

/** `stored`: resume the run stored in IndexedDB, and the checkpoint interval (`run-start.ts`). */
export type ToWorker = { type: 'start'; request: TrainRequest; stored?: StoredRunStart } | { type: 'stop' };

export type FromWorker =
  /**
   * `threads` is the worker's choice (`chooseTrainingThreads` in `threads.ts`, made where
   * training runs), with `threads.threads` set to the count `train()` reported using.
   */
  | {
      type: 'started';
      backend: BackendInfo;
      parameters: number;
      threads: ThreadChoice;
      /** The run's options as the trainer resolved them: the preset's, with the form's changes. */
      options: ResolvedTrainOptions;
      /** Validation questions checked at each evaluation (fewer than asked on a task that holds fewer). */
      validationSize: number;
      /** Whether the model's family splits a batch over threads (the aligned adder trains on one). */
      trainsOnThreads: boolean;
    }
  /**
   * Posted a few times a second, not every batch. `smoothedLoss` is a moving average of every
   * batch's loss since the run began (`LossAverage`), so batches between two messages count too.
   */
  | { type: 'batch'; log: BatchLog; smoothedLoss: number }
  /** Every validation evaluation: each `evaluateEvery` examples and at each epoch's end (before 'epoch'). */
  | { type: 'evaluation'; log: EvaluationLog }
  | { type: 'epoch'; log: EpochLog }
  /** `examplesSeen` and `elapsedSeconds` (the trainer's training wall time) of the whole run. */
  | { type: 'done'; stoppedBecause: StopReason; artifacts: tf.io.ModelArtifacts; epochs: number; examplesSeen: number; elapsedSeconds: number }
  /** `message` names what failed and where; `stack` is the stack trace when one is known. */
  | { type: 'error'; message: string; code?: string; stack?: string };
