import type { BackendChoice, BackendInfo, Cell } from '@addrnn/model';
import type { BatchLog, EpochLog, EvaluationLog, StopReason } from '@addrnn/trainer';
import type * as tf from '@tensorflow/tfjs';
import type { StoredRunStart } from './run-start.js';
import type { ThreadChoice } from './threads.js';

/** The Train view's form, as sent to the training worker. */
export interface TrainRequest {
  digits: number;
  examplesPerEpoch: number;
  cell: Cell;
  encoderLayers: number;
  decoderLayers: number;
  hiddenSize: number;
  batchSize: number;
  epochs: number;
  reverseAnswer: boolean;
  learningRate: number;
  validationSize: number;
  /** Validation every this many examples, apart from epoch ends (`chooseEvaluateEvery`); unset: at epoch ends only. */
  evaluateEvery?: number;
  /** The page's backend choice ('auto' unless the URL asks for one). */
  backend: BackendChoice;
}

/** `stored`: resume the run stored in IndexedDB, and the checkpoint interval (`run-start.ts`). */
export type ToWorker = { type: 'start'; request: TrainRequest; stored?: StoredRunStart } | { type: 'stop' };

export type FromWorker =
  /**
   * `threads` is the worker's choice (`chooseTrainingThreads` in `threads.ts`, made where
   * training runs), with `threads.threads` set to the count `train()` reported using.
   */
  | { type: 'started'; backend: BackendInfo; parameters: number; threads: ThreadChoice }
  /**
   * Posted a few times a second, not every batch. `smoothedLoss` is a moving average of every
   * batch's loss since the run began (`LossAverage`), so batches between two messages count too.
   */
  | { type: 'batch'; log: BatchLog; smoothedLoss: number }
  /** Every validation evaluation: each `evaluateEvery` examples and at each epoch's end (before 'epoch'). */
  | { type: 'evaluation'; log: EvaluationLog }
  | { type: 'epoch'; log: EpochLog }
  | { type: 'done'; stoppedBecause: StopReason; artifacts: tf.io.ModelArtifacts; epochs: number }
  /** `message` names what failed and where; `stack` is the stack trace when one is known. */
  | { type: 'error'; message: string; code?: string; stack?: string };
