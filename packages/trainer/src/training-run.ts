import type * as tf from '@tensorflow/tfjs';
import type { Codec } from '@addrnn/codec';
import type { Example } from '@addrnn/dataset';
import type { TrainingRecord } from '@addrnn/model';
import { getAdamState } from './adam-state.js';
import { accuracies, emptyCounts } from './answer-accuracy.js';
import { saveCheckpoint, trainingLoss, type PartialEpoch, type TrainerState } from './checkpoint.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { EpochLog, Sample } from './epoch-log.js';
import { TrainingDivergedError } from './errors.js';
import { predictExamples, type ForwardPass } from './evaluate.js';
import type { Metrics } from './metrics.js';
import type { CheckpointInterval, ResolvedTrainOptions, TrainCallbacks } from './options.js';
import { recordTargets, type TargetReport } from './targets.js';

/** Validation questions shown per epoch, Keras style. */
const samplesPerEpoch = 10;
const validationBatchSize = 512;

const now = (): number => performance.now();

/** What a `TrainingRun` works with; fixed for the whole run. */
export interface RunSetup {
  resolved: ResolvedTrainOptions;
  model: tf.LayersModel;
  optimizer: tf.AdamOptimizer;
  codec: Codec;
  validationExamples: readonly Example[];
  /** Name of the tfjs backend, recorded with each checkpoint. */
  backend: string;
  stream: { state(): TrainerState['stream'] };
  callbacks: TrainCallbacks;
  interval: CheckpointInterval;
  /** Where `latest` and `best` go, if the run keeps checkpoints. */
  store?: CheckpointStore;
  /** The checkpoint's state, when the run resumes one. */
  saved?: TrainerState;
  /** The longest training operand, recorded for models that answer longer ones (the aligned family). */
  longestOperand?: number;
  startedAt: number;
  /** Brings the model's weights and the optimizer's state up to date, where the step keeps them (the kernel on arrays). */
  syncModel?: () => void;
  /** The step's forward pass on arrays (the kernel), which validation runs instead of the tfjs model. */
  forward?: ForwardPass;
}

/**
 * The state of a training run between batches (progress, history, targets, when to validate
 * and to checkpoint) and what acts on it: validation, the epoch's end and the checkpoints.
 */
export class TrainingRun {
  epoch: number;
  batchInEpoch: number;
  partial: PartialEpoch;
  examplesSeen: number;
  learningRate = 0;
  lastLoss = Number.NaN;
  best: { epoch: number; exactMatch: number; loss?: number };
  readonly history: EpochLog[];
  readonly targets: TargetReport[];
  /** Whether batches were trained since the last checkpoint of `latest`. */
  unsaved: boolean;
  private nextEvaluation: number;
  private lastSave: { at: number; examplesSeen: number };

  /** Where the run's checkpoints are, as messages name it (`outDir` for the Node.js store), if it keeps any. */
  get checkpointsAt(): string | undefined {
    return this.setup.store?.describe();
  }

  constructor(private readonly setup: RunSetup) {
    const { saved, resolved } = setup;
    this.epoch = saved?.epoch ?? 0;
    this.batchInEpoch = saved?.batchInEpoch ?? 0;
    this.partial = saved?.partialEpoch ?? freshEpoch();
    this.examplesSeen = saved?.examplesSeen ?? 0;
    this.best = saved?.best ?? { epoch: 0, exactMatch: 0 };
    this.history = saved?.history ?? [];
    this.targets = saved?.targets ? [...saved.targets] : [];
    // Evaluations apart from epoch ends happen at multiples of evaluateEvery examples.
    const every = resolved.evaluateEvery;
    this.nextEvaluation = every === undefined ? Infinity : (Math.floor(this.examplesSeen / every) + 1) * every;
    // A fresh run has no checkpoint yet; a resumed one starts from the one it read.
    this.unsaved = saved === undefined;
    this.lastSave = { at: now(), examplesSeen: this.examplesSeen };
  }

  /** Wall time of training, resumed runs included. */
  elapsedSeconds(): number {
    return (this.setup.saved?.elapsedSeconds ?? 0) + (now() - this.setup.startedAt) / 1000;
  }

  /** Whether a validation is due between epoch ends. */
  evaluationDue(): boolean {
    return this.examplesSeen >= this.nextEvaluation;
  }

  targetMet(exactMatch: number): boolean {
    const target = this.setup.resolved.targetAccuracy;
    return target !== undefined && exactMatch >= target;
  }

  /** Validation now: the metrics, the targets it passes, onEvaluation; throws on a non-finite loss. */
  evaluate(epochNumber: number, batchNumber: number): { metrics: Metrics; predictions: Sample[] } {
    const { model, codec, validationExamples, resolved, callbacks } = this.setup;
    const outDir = this.checkpointsAt;
    // The kernel validates with the weights it holds; the tfjs model needs them written out first.
    if (this.setup.forward === undefined) this.setup.syncModel?.();
    const result = predictExamples(model, codec, validationExamples, validationBatchSize, this.setup.forward);
    if (!Number.isFinite(result.metrics.loss)) {
      throw new TrainingDivergedError({
        epoch: epochNumber,
        batch: batchNumber,
        learningRate: this.learningRate,
        loss: result.metrics.loss,
        ...(outDir === undefined ? {} : { outDir }),
      });
    }
    const at = { examplesSeen: this.examplesSeen, elapsedSeconds: this.elapsedSeconds(), validationSize: validationExamples.length };
    const targetsReached = recordTargets(this.targets, result.metrics, at, resolved.accuracyTargets);
    while (this.nextEvaluation <= this.examplesSeen) this.nextEvaluation += resolved.evaluateEvery ?? Infinity;
    callbacks.onEvaluation?.({ epoch: epochNumber, atEpochEnd: batchNumber === 0, ...at, validation: result.metrics, targetsReached, targets: [...this.targets] });
    return result;
  }

  /** The epoch's end: validation, the history, `best` and `latest`, onEpochEnd. Returns the validation metrics. */
  async endEpoch(samplesPerSecond: number): Promise<Metrics> {
    const { resolved, codec, backend, store, callbacks } = this.setup;
    const { metrics: validation, predictions } = this.evaluate(this.epoch + 1, 0);
    this.epoch += 1;
    const log: EpochLog = {
      epoch: this.epoch,
      epochs: resolved.epochs,
      loss: this.partial.counts.examples === 0 ? 0 : this.partial.lossSum / this.partial.counts.examples,
      ...accuracies(this.partial.counts, codec.answerLength),
      validation,
      samplesPerSecond,
      learningRate: this.learningRate,
      examplesSeen: this.examplesSeen,
      elapsedSeconds: this.elapsedSeconds(),
      backend,
      samples: pickSamples(predictions, this.epoch),
    };
    this.history.push(log);
    this.batchInEpoch = 0;
    this.partial = freshEpoch();
    // A tie in exact match goes to the lower validation loss (a run at 100% keeps improving).
    const { exactMatch, loss } = this.best;
    const improved =
      this.best.epoch === 0 ||
      validation.exactMatch > exactMatch ||
      (validation.exactMatch === exactMatch && loss !== undefined && validation.loss < loss);
    if (improved) this.best = { epoch: this.epoch, exactMatch: validation.exactMatch, loss: validation.loss };
    if (store !== undefined) {
      // best before latest: a run killed in between resumes from the previous latest, repeats
      // this epoch the same way and writes the same best again.
      if (improved) await this.saveBest();
      await this.saveLatest();
    }
    callbacks.onEpochEnd?.(log);
    return validation;
  }

  /** Whether `latest` is due within an epoch by the checkpoint interval. */
  checkpointDue(): boolean {
    const { store, interval } = this.setup;
    return (
      store !== undefined &&
      ((interval.examples !== undefined && this.examplesSeen - this.lastSave.examplesSeen >= interval.examples) ||
        (interval.seconds !== undefined && now() - this.lastSave.at >= interval.seconds * 1000))
    );
  }

  /** Writes `best` from the model as it is now. */
  async saveBest(): Promise<void> {
    const { store, model } = this.setup;
    if (store === undefined) return;
    this.setup.syncModel?.();
    this.weightsFinite();
    await saveCheckpoint(store, 'best', model, this.record());
  }

  /** Writes `latest`: the model, Adam's state and everything a resume needs. */
  async saveLatest(): Promise<void> {
    const { store, model, optimizer, resolved, stream } = this.setup;
    if (store === undefined) return;
    this.setup.syncModel?.();
    this.weightsFinite();
    const adam = await getAdamState(optimizer);
    this.checkFinite([adam.data]);
    const state: Omit<TrainerState, 'optimizer'> = {
      format: 'addrnn-trainer-state',
      formatVersion: 1,
      loss: trainingLoss,
      options: resolved,
      epoch: this.epoch,
      batchInEpoch: this.batchInEpoch,
      partialEpoch: this.partial,
      examplesSeen: this.examplesSeen,
      learningRate: this.learningRate,
      elapsedSeconds: this.elapsedSeconds(),
      best: this.best,
      history: this.history,
      targets: this.targets,
      stream: stream.state(),
      savedAt: new Date().toISOString(),
    };
    await saveCheckpoint(store, 'latest', model, this.record(), { state, adam });
    this.unsaved = false;
    this.lastSave = { at: now(), examplesSeen: this.examplesSeen };
  }

  /** The training record saved with the model's metadata. */
  record(): TrainingRecord {
    const { resolved, backend, longestOperand } = this.setup;
    return {
      ...(longestOperand === undefined ? {} : { longestOperand }),
      command: 'train',
      date: new Date().toISOString(),
      backend,
      seed: resolved.seed,
      epochs: this.epoch,
      examplesSeen: this.examplesSeen,
      accuracy: this.history[this.history.length - 1]?.validation.exactMatch ?? null,
      targets: this.targets,
      options: resolved,
    };
  }

  private weightsFinite(): void {
    this.checkFinite(this.setup.model.getWeights().map((weight) => weight.dataSync()));
  }

  /** Throws TrainingDivergedError rather than let a checkpoint hold a NaN or an infinity. */
  private checkFinite(values: ArrayLike<number>[]): void {
    for (const array of values) {
      for (let index = 0; index < array.length; index += 1) {
        if (!Number.isFinite(array[index]!)) {
          const outDir = this.checkpointsAt;
          throw new TrainingDivergedError({
            epoch: this.epoch + 1,
            batch: this.batchInEpoch,
            learningRate: this.learningRate,
            loss: this.lastLoss,
            diverged: 'weights',
            ...(outDir === undefined ? {} : { outDir }),
          });
        }
      }
    }
  }
}

export function freshEpoch(): PartialEpoch {
  return { lossSum: 0, counts: emptyCounts(), trainingSeconds: 0 };
}

/** A different window of the (fixed, shuffled) validation set each epoch. */
function pickSamples(predictions: readonly Sample[], epoch: number): Sample[] {
  if (predictions.length <= samplesPerEpoch) return [...predictions];
  const start = ((epoch - 1) * samplesPerEpoch) % predictions.length;
  return Array.from({ length: samplesPerEpoch }, (_, index) => predictions[(start + index) % predictions.length]!);
}
