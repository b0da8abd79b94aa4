import type { TargetReport } from './targets.js';
import type * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '@addrnn/model';
import type { Metrics } from './metrics.js';

export type { Metrics };

/** One validation question as the model answered it. */
export interface Sample {
  /** The question, e.g. `'535+61'`. */
  question: string;
  /** Its exact answer. */
  expected: string;
  /** The model's answer, as decoded (not validated). */
  predicted: string;
  /** Whether `predicted` is `expected`. */
  correct: boolean;
}

/** What `onEpochEnd` receives: training metrics at the top level, validation metrics below. */
export interface EpochLog extends Metrics {
  /** 1-based epoch number. */
  epoch: number;
  /** Epochs the run is set to train. */
  epochs: number;
  /** Loss, per-character and whole-answer accuracy on the validation set at the epoch's end. */
  validation: Metrics;
  /** Training examples per second in this epoch, validation excluded. */
  samplesPerSecond: number;
  /** Learning rate of the epoch's last batch. */
  learningRate: number;
  /** Training examples seen since the run began, resumed runs included. */
  examplesSeen: number;
  /** Wall time since the run began (across resumes), validation and checkpoints included. */
  elapsedSeconds: number;
  /** Name of the tfjs backend, e.g. 'cpu', 'tensorflow', 'wasm', 'webgl'. */
  backend: string;
  /** A few validation questions with the model's answers. */
  samples: Sample[];
}

/** Why `train` returned: its epochs ran out, validation reached `targetAccuracy`, or `signal` aborted it. */
export type StopReason = 'epochs' | 'target' | 'aborted';

/** What `train` resolves to. */
export interface TrainResult {
  /** The model as trained to the last batch (`outDir/best` holds the best epoch's). */
  model: tf.LayersModel;
  /** One entry per completed epoch, resumed epochs included. */
  history: EpochLog[];
  /** Why the run stopped. */
  stoppedBecause: StopReason;
  /** Name of the tfjs backend that trained. */
  backend: string;
  /** What `useBackend` reported. */
  backendInfo: BackendInfo;
  /** Training examples seen, across resumes. */
  examplesSeen: number;
  /** Wall time of the run, resumed runs included, in seconds. */
  elapsedSeconds: number;
  /**
   * Best validation exact match so far and its epoch (0 when no epoch has completed): the model in
   * `outDir/best`. A run that reached `targetAccuracy` between epoch ends counts the epoch it was in.
   * Epochs with equal exact match are told apart by validation `loss` (lower is better), so a
   * model that keeps improving at 100% keeps replacing `best`.
   * @property epoch - the epoch of the best model, 0 before the first epoch ends.
   * @property exactMatch - its share of validation answers entirely right, from 0 to 1.
   * @property loss - its validation loss.
   */
  best: { epoch: number; exactMatch: number; loss?: number };
  /** When validation whole-answer accuracy first passed 97%, 99% and 99.9% (see `targets.ts`). */
  targets: TargetReport[];
}
