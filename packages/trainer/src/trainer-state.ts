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
  format: 'addrnn-trainer-state';
  formatVersion: 1;
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
  examplesSeen: number;
  learningRate: number;
  elapsedSeconds: number;
  best: { epoch: number; exactMatch: number };
  history: EpochLog[];
  /** Accuracy targets passed so far (absent in states written before they were reported). */
  targets?: TargetReport[];
  /** Position of the training stream, so a resumed run sees the same batches. */
  stream: TrainStreamState;
  /** Adam's state; the moments are float32 in `optimizer.bin`, in this order. */
  optimizer: Omit<AdamState, 'data'> & { file: string };
  savedAt: string;
}

export interface PartialEpoch {
  lossSum: number;
  counts: AccuracyCounts;
  trainingSeconds: number;
}
