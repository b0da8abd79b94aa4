import * as tf from '@tensorflow/tfjs';
import { Codec } from '@addrnn/codec';
import { ArithmeticDataset, type EncodedBatch } from '@addrnn/dataset';
import {
  chooseTrainThreads,
  createModel,
  createParallelTrainStep,
  createTrainStep,
  getMetadata,
  useBackend,
  type ModelMetadata,
  type TrainStep,
} from '@addrnn/model';
import { getAdamState, setAdamState, setLearningRate } from './adam-state.js';
import { accuracies, countMatches, emptyCounts } from './answer-accuracy.js';
import {
  holdsRun,
  loadCheckpointTensors,
  readCheckpoint,
  recoverCheckpoints,
  removeRun,
  trainingLoss,
  writeCheckpoint,
  type Checkpoint,
  type PartialEpoch,
  type TrainerState,
} from './checkpoint.js';
import { defaultFileSystem, type CheckpointFileSystem } from './checkpoint-fs.js';
import type { EpochLog, Sample, StopReason, TrainResult } from './epoch-log.js';
import { CheckpointError, RunExistsError, TrainingDivergedError } from './errors.js';
import { predictExamples } from './evaluate.js';
import { learningRateAt } from './learning-rate.js';
import type { ResolvedTrainOptions, TrainOptions } from './options.js';
import { resolveCheckpointInterval, resolveTrainOptions } from './resolve-options.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';
import { recordTargets, type TargetReport } from './targets.js';

/** Validation questions shown per epoch, Keras style. */
const samplesPerEpoch = 10;
/** Longest stretch of training between two turns of the event loop. */
const yieldIntervalMilliseconds = 50;
const validationBatchSize = 512;

const now = (): number => performance.now();

/**
 * Trains a model on the arithmetic task: Adam with an optional exponential learning-rate
 * decay and gradient clipping, validation after every epoch, checkpoints, resume, early stop
 * and a clean stop on `signal`.
 */
export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const startedAt = now();
  // Validate what was given before touching the file system or the backend.
  let resolved = resolveTrainOptions(options);
  const interval = resolveCheckpointInterval(options.checkpointInterval);
  const { outDir, signal, callbacks = {} } = options;
  let checkpoint: Checkpoint | undefined;
  let fs: CheckpointFileSystem | undefined;
  let recovered: string[] = [];
  if (outDir !== undefined) {
    fs = options.fileSystem ?? (await defaultFileSystem());
    recovered = await recoverCheckpoints(fs, outDir);
    if (options.resume === true) {
      checkpoint = await readCheckpoint(outDir, fs);
      checkLoss(checkpoint);
      resolved = resolveTrainOptions(options, checkpoint.state.options);
    } else {
      if (await holdsRun(fs, outDir)) {
        if (options.overwrite !== true) throw new RunExistsError(outDir);
        await removeRun(fs, outDir);
      }
      await fs.mkdir(outDir, { recursive: true });
    }
  }

  const backendInfo = await useBackend(resolved.backend);
  const backend = tf.getBackend();
  const codec = new Codec(resolved.task);
  const dataset = new ArithmeticDataset({ codec, seed: resolved.seed });
  const model = createModel({ ...resolved.model, codec, seed: resolved.model.seed ?? resolved.seed });
  const optimizer = tf.train.adam(resolved.learningRate);
  let disposeStep: (() => Promise<void>) | undefined;
  try {
    const saved = checkpoint?.state;
    if (checkpoint) {
      const restored = await loadCheckpointTensors(checkpoint, fs!);
      try {
        checkResumable(checkpoint, resolved, getMetadata(model), restored.metadata);
        model.setWeights(restored.model.getWeights());
      } finally {
        restored.model.dispose();
      }
      await setAdamState(optimizer, restored.adam);
    }
    const clip = resolved.clipNorm === undefined ? {} : { clipNorm: resolved.clipNorm };
    const threads = await chooseTrainThreads({
      // Checkpoints written before this option existed have none.
      threads: resolved.threads ?? 'auto',
      batchSize: resolved.batchSize,
      implementation: getMetadata(model).architecture.implementation,
    });
    const parallel = threads > 1
      ? await createParallelTrainStep(model, { optimizer, threads, maxBatchSize: resolved.batchSize, ...clip })
      : undefined;
    disposeStep = parallel?.dispose;
    const step: TrainStep = parallel ?? createTrainStep(model, { optimizer, ...clip });
    const implementation = step.implementation ?? getMetadata(model).architecture.implementation;
    const stream = dataset.trainStream({
      batchSize: resolved.batchSize,
      // Checkpoints written before this option existed have none: 0, the plain stream.
      carryFraction: resolved.carryFraction ?? 0,
      ...(saved ? { state: saved.stream } : {}),
    });
    // Small tasks hold few validation pairs (1-digit '+': about 2 of 55); use all of them then.
    const validationSize =
      codec.digits <= 3 ? Math.min(resolved.validationSize, dataset.distinctPairs('validation')) : resolved.validationSize;
    const validationExamples = dataset.validationSet(validationSize);
    const batchesPerEpoch = Math.ceil(resolved.examplesPerEpoch / resolved.batchSize);
    const { answerLength } = codec;

    let epoch = saved?.epoch ?? 0;
    let batchInEpoch = saved?.batchInEpoch ?? 0;
    let partial: PartialEpoch = saved?.partialEpoch ?? freshEpoch();
    let examplesSeen = saved?.examplesSeen ?? 0;
    let learningRate = learningRateAt(examplesSeen, resolved);
    let best = saved?.best ?? { epoch: 0, exactMatch: 0 };
    const history: EpochLog[] = saved?.history ?? [];
    const targets: TargetReport[] = saved?.targets ? [...saved.targets] : [];
    // Evaluations apart from epoch ends happen at multiples of evaluateEvery examples.
    const evaluateEvery = resolved.evaluateEvery;
    let nextEvaluation = evaluateEvery === undefined ? Infinity : (Math.floor(examplesSeen / evaluateEvery) + 1) * evaluateEvery;
    /** Validation now: the metrics, the targets it passes, onEvaluation; throws on a non-finite loss. */
    const evaluateNow = (epochNumber: number, batchNumber: number) => {
      const result = predictExamples(model, codec, validationExamples, validationBatchSize);
      if (!Number.isFinite(result.metrics.loss)) {
        throw new TrainingDivergedError({
          epoch: epochNumber,
          batch: batchNumber,
          learningRate,
          loss: result.metrics.loss,
          ...(outDir === undefined ? {} : { outDir }),
        });
      }
      const at = { examplesSeen, elapsedSeconds: elapsedSeconds(), validationSize: validationExamples.length };
      const targetsReached = recordTargets(targets, result.metrics, at, resolved.accuracyTargets);
      while (nextEvaluation <= examplesSeen) nextEvaluation += evaluateEvery ?? Infinity;
      callbacks.onEvaluation?.({ epoch: epochNumber, atEpochEnd: batchNumber === 0, ...at, validation: result.metrics, targetsReached, targets: [...targets] });
      return result;
    };
    const targetMet = (exactMatch: number) => resolved.targetAccuracy !== undefined && exactMatch >= resolved.targetAccuracy;
    const elapsedSeconds = () => (saved?.elapsedSeconds ?? 0) + (now() - startedAt) / 1000;
    // A fresh run has no checkpoint yet; a resumed one starts from the one it read.
    let unsaved = checkpoint === undefined;
    let lastSave = { at: now(), examplesSeen };
    let lastLoss = Number.NaN;

    const provenance = (): NonNullable<ModelMetadata['training']> => ({
      command: 'train',
      date: new Date().toISOString(),
      backend,
      seed: resolved.seed,
      epochs: epoch,
      examplesSeen,
      accuracy: history[history.length - 1]?.validation.exactMatch ?? null,
      targets,
      options: resolved,
    });
    /** Throws TrainingDivergedError rather than let a checkpoint hold a NaN or an infinity. */
    const checkFinite = (values: ArrayLike<number>[]) => {
      for (const array of values) {
        for (let index = 0; index < array.length; index += 1) {
          if (!Number.isFinite(array[index]!)) {
            throw new TrainingDivergedError({
              epoch: epoch + 1,
              batch: batchInEpoch,
              learningRate,
              loss: lastLoss,
              diverged: 'weights',
              ...(outDir === undefined ? {} : { outDir }),
            });
          }
        }
      }
    };
    const weightsFinite = () => checkFinite(model.getWeights().map((weight) => weight.dataSync()));
    const saveLatest = async () => {
      if (outDir === undefined || fs === undefined) return;
      weightsFinite();
      const adam = await getAdamState(optimizer);
      checkFinite([adam.data]);
      const state: Omit<TrainerState, 'optimizer'> = {
        format: 'addrnn-trainer-state',
        formatVersion: 1,
        loss: trainingLoss,
        options: resolved,
        epoch,
        batchInEpoch,
        partialEpoch: partial,
        examplesSeen,
        learningRate,
        elapsedSeconds: elapsedSeconds(),
        best,
        history,
        targets,
        stream: stream.state(),
        savedAt: new Date().toISOString(),
      };
      await writeCheckpoint(fs, outDir, 'latest', model, provenance(), { state, adam });
      unsaved = false;
      lastSave = { at: now(), examplesSeen };
    };
    const checkpointDue = () =>
      outDir !== undefined &&
      ((interval.examples !== undefined && examplesSeen - lastSave.examplesSeen >= interval.examples) ||
        (interval.seconds !== undefined && now() - lastSave.at >= interval.seconds * 1000));

    callbacks.onStart?.({
      options: resolved,
      ...(saved ? { resumed: { epoch: saved.epoch, batchInEpoch: saved.batchInEpoch, examplesSeen: saved.examplesSeen, elapsedSeconds: saved.elapsedSeconds, best: saved.best } } : {}),
      backend: backendInfo,
      // What runs: a parallel step whose workers could not start runs on this thread alone.
      threads: parallel?.threads ?? 1,
      implementation,
      ...(step.fallbackReason !== undefined ? { fallbackReason: step.fallbackReason } : {}),
      parameters: model.countParams(),
      ...(saved ? { resumedFrom: saved.epoch } : {}),
      validationSize: validationExamples.length,
      ...(validationExamples.length < resolved.validationSize ? { validationSizeRequested: resolved.validationSize } : {}),
      ...(recovered.length > 0 ? { recovered } : {}),
    });

    let stoppedBecause: StopReason = 'epochs';
    let lastYield = now();
    training: while (epoch < resolved.epochs) {
      while (batchInEpoch < batchesPerEpoch) {
        if (signal?.aborted) {
          stoppedBecause = 'aborted';
          break training;
        }
        learningRate = learningRateAt(examplesSeen, resolved);
        setLearningRate(optimizer, learningRate);
        const batch = stream.next();
        const began = now();
        const { loss, predicted } = runStep(step, batch);
        const [lossValues, predictedValues] = await Promise.all([loss.data(), predicted.data()]);
        tf.dispose([loss, predicted]);
        partial.trainingSeconds += (now() - began) / 1000;
        const lossValue = lossValues[0] ?? Number.NaN;
        lastLoss = lossValue;
        batchInEpoch += 1;
        if (!Number.isFinite(lossValue)) {
          throw new TrainingDivergedError({
            epoch: epoch + 1,
            batch: batchInEpoch,
            learningRate,
            loss: lossValue,
            ...(outDir === undefined ? {} : { outDir }),
          });
        }
        partial.lossSum += lossValue * batch.size;
        countMatches(partial.counts, predictedValues, batch.answerIndices, answerLength);
        examplesSeen += batch.size;
        unsaved = true;
        callbacks.onBatchEnd?.({
          epoch: epoch + 1,
          batch: batchInEpoch,
          batchesPerEpoch,
          batchSize: batch.size,
          loss: lossValue,
          examplesSeen,
          samplesPerSecond: rate(partial.counts.examples, partial.trainingSeconds),
          learningRate,
        });
        // Not after the epoch's last batch: the epoch's end evaluates and writes a checkpoint.
        if (batchInEpoch < batchesPerEpoch && examplesSeen >= nextEvaluation) {
          const { metrics } = evaluateNow(epoch + 1, batchInEpoch);
          if (targetMet(metrics.exactMatch)) {
            // The target is reached between epoch ends: this model is the best so far.
            stoppedBecause = 'target';
            if (outDir !== undefined && fs !== undefined) {
              weightsFinite();
              await writeCheckpoint(fs, outDir, 'best', model, provenance());
            }
            await saveLatest();
            break training;
          }
        }
        if (batchInEpoch < batchesPerEpoch && checkpointDue()) await saveLatest();
        if (now() - lastYield >= yieldIntervalMilliseconds) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }

      const { metrics: validation, predictions } = evaluateNow(epoch + 1, 0);
      epoch += 1;
      const log: EpochLog = {
        epoch,
        epochs: resolved.epochs,
        loss: partial.counts.examples === 0 ? 0 : partial.lossSum / partial.counts.examples,
        ...accuracies(partial.counts, answerLength),
        validation,
        samplesPerSecond: rate(partial.counts.examples, partial.trainingSeconds),
        learningRate,
        examplesSeen,
        elapsedSeconds: elapsedSeconds(),
        backend,
        samples: pickSamples(predictions, epoch),
      };
      history.push(log);
      batchInEpoch = 0;
      partial = freshEpoch();
      const improved = best.epoch === 0 || validation.exactMatch > best.exactMatch;
      if (improved) best = { epoch, exactMatch: validation.exactMatch };
      if (outDir !== undefined && fs !== undefined) {
        // best before latest: a run killed in between resumes from the previous latest, repeats
        // this epoch the same way and writes the same best again.
        if (improved) {
          weightsFinite();
          await writeCheckpoint(fs, outDir, 'best', model, provenance());
        }
        await saveLatest();
      }
      callbacks.onEpochEnd?.(log);
      if (targetMet(validation.exactMatch)) {
        stoppedBecause = 'target';
        break;
      }
      await yieldToEventLoop();
      lastYield = now();
    }

    if (stoppedBecause === 'aborted' && unsaved) await saveLatest();
    return {
      model,
      history,
      stoppedBecause,
      backend,
      backendInfo,
      examplesSeen,
      elapsedSeconds: elapsedSeconds(),
      best,
      targets,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    await disposeStep?.();
    optimizer.dispose();
  }
}

function runStep(step: TrainStep, batch: EncodedBatch): { loss: tf.Scalar; predicted: tf.Tensor } {
  const inputs = tf.tensor3d(batch.inputs, batch.inputShape);
  const targets = tf.tensor3d(batch.targets, batch.targetShape);
  try {
    return step(inputs, targets);
  } finally {
    tf.dispose([inputs, targets]);
  }
}

/** Refuses a resume whose steps minimised another loss than this version's. */
function checkLoss(checkpoint: Checkpoint): void {
  const saved = checkpoint.state.loss;
  if (saved === trainingLoss) return;
  throw new CheckpointError(
    `cannot resume from ${checkpoint.directory}: its training steps minimised ` +
      (saved === undefined ? 'a loss it did not record (it was written by an earlier version)' : `the loss ${JSON.stringify(saved)}`) +
      `, this version minimises ${JSON.stringify(trainingLoss)} (exact log-softmax cross-entropy); ` +
      'one run cannot switch losses. Train without resume into another outDir to start a new run.',
  );
}

/** Refuses a resume whose options would change the model's shape or the data order. */
function checkResumable(
  checkpoint: Checkpoint,
  resolved: ResolvedTrainOptions,
  current: ModelMetadata,
  saved: ModelMetadata,
): void {
  const differences: string[] = [];
  const savedOptions = checkpoint.state.options;
  for (const key of ['batchSize', 'examplesPerEpoch', 'seed'] as const) {
    if (resolved[key] !== savedOptions[key]) differences.push(`${key} ${resolved[key]} (checkpoint: ${savedOptions[key]})`);
  }
  const compare = (group: string, now: object, then: object, ignore: readonly string[] = []) => {
    for (const [key, value] of Object.entries(now)) {
      if (ignore.includes(key)) continue;
      const before = (then as Record<string, unknown>)[key];
      if (JSON.stringify(value) !== JSON.stringify(before)) {
        differences.push(`${group}.${key} ${JSON.stringify(value)} (checkpoint: ${JSON.stringify(before)})`);
      }
    }
  };
  const { vocabulary: _vocabulary, ...task } = current.codec;
  compare('task', task, saved.codec);
  // The implementation only changes how gradients are computed, not the weights.
  compare('model', current.architecture, saved.architecture, ['implementation']);
  if (differences.length > 0) {
    throw new CheckpointError(
      `cannot resume from ${checkpoint.directory}: the options differ from the checkpoint's: ${differences.join(', ')}. ` +
        'Leave them unset to take the checkpoint\'s, or train without resume into another outDir.',
    );
  }
}

function freshEpoch(): PartialEpoch {
  return { lossSum: 0, counts: emptyCounts(), trainingSeconds: 0 };
}

function rate(examples: number, seconds: number): number {
  return seconds > 0 ? examples / seconds : 0;
}

/** A different window of the (fixed, shuffled) validation set each epoch. */
function pickSamples(predictions: readonly Sample[], epoch: number): Sample[] {
  if (predictions.length <= samplesPerEpoch) return [...predictions];
  const start = ((epoch - 1) * samplesPerEpoch) % predictions.length;
  return Array.from({ length: samplesPerEpoch }, (_, index) => predictions[(start + index) % predictions.length]!);
}
