import type { TrainStreamState } from '@addrnn/dataset';
import type { AdamState } from './adam-state.js';
import type { AccuracyCounts } from './answer-accuracy.js';
import type { EpochLog } from './epoch-log.js';
import type { ResolvedTrainOptions } from './options.js';
import type { TargetReport } from './targets.js';

/** The loss every training step minimises; recorded in the trainer state. */
export const trainingLoss = 'cross-entropy';

/** Everything besides the weights that a resumed run needs; JSON in `latest/trainer-state.json`. */
export interface TrainerState {
  /** Marks a trainer state written by `@addrnn/trainer`. */
  format: 'addrnn-trainer-state';
  /** The version of this layout; a checkpoint of another version is refused on resume. */
  formatVersion: 1;
  /** The run's options, which a resume takes for every option it leaves unset. */
  options: ResolvedTrainOptions;
  /**
   * The loss the steps minimised: exact log-softmax categorical cross-entropy. A resume refuses
   * a checkpoint whose loss differs (or, written before this field existed, is not recorded).
   */
  loss?: typeof trainingLoss;
  /** Completed epochs. */
  epoch: number;
  /** Batches of epoch `epoch + 1` trained already (a checkpoint written within an epoch). */
  batchInEpoch: number;
  /** Training totals of that unfinished epoch. */
  partialEpoch: PartialEpoch;
  /** Training examples seen so far. */
  examplesSeen: number;
  /** The learning rate of the last batch trained. */
  learningRate: number;
  /** Training wall time of the run so far, in seconds. */
  elapsedSeconds: number;
  /**
   * The best validation whole-answer accuracy so far and its epoch: the model in `outDir/best`.
   * @property epoch - the epoch that reached it, 0 before the first epoch ends.
   * @property exactMatch - the share of validation answers entirely right, from 0 to 1.
   */
  best: { epoch: number; exactMatch: number };
  /** The log of every completed epoch. */
  history: EpochLog[];
  /** Accuracy targets passed so far (absent in states written before they were reported). */
  targets?: TargetReport[];
  /** Position of the training stream, so a resumed run sees the same batches. */
  stream: TrainStreamState;
  /**
   * Adam's state; the moments are float32 in `optimizer.bin`, in this order.
   * @property file - the name of the moments' file beside this one, `optimizer.bin`.
   */
  optimizer: Omit<AdamState, 'data'> & { file: string };
  /** When the checkpoint was written, as an ISO 8601 date. */
  savedAt: string;
}

export interface PartialEpoch {
  lossSum: number;
  counts: AccuracyCounts;
  trainingSeconds: number;
}
