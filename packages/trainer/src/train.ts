import * as tf from '@tensorflow/tfjs';
import { Codec } from '@addrnn/codec';
import { ArithmeticDataset, type EncodedBatch, type TrainStream } from '@addrnn/dataset';
import {
  chooseTrainThreads,
  createModel,
  createParallelTrainStep,
  createTrainStep,
  getMetadata,
  modelFamily,
  useBackend,
  type TrainStep,
} from '@addrnn/model';
import { setAdamState, setLearningRate } from './adam-state.js';
import { countMatches } from './answer-accuracy.js';
import { loadCheckpointTensors } from './checkpoint.js';
import type { StopReason, TrainResult } from './epoch-log.js';
import { TrainingDivergedError } from './errors.js';
import { TargetSmoother } from './label-smoothing.js';
import { learningRateAt } from './learning-rate.js';
import { openRun, type OpenedRun } from './open-run.js';
import type { ResolvedTrainOptions, TrainOptions } from './options.js';
import { checkResumable, checkSavedShapes } from './resume-checks.js';
import { TrainingRun } from './training-run.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** Longest stretch of training between two turns of the event loop. */
const yieldIntervalMilliseconds = 50;

const now = (): number => performance.now();

/**
 * Trains a model on the arithmetic task: Adam with a learning-rate schedule and optional
 * gradient clipping, validation at epoch ends and every `evaluateEvery` examples, accuracy
 * targets, checkpoints, resume, early stop and a clean stop on `signal`. Options left unset take
 * the preset's values (`DEFAULT_TRAIN_OPTIONS`, the tuned recipe, unless `preset` says otherwise).
 */
export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const startedAt = now();
  // Phase 1: the options and the checkpoint store (outDir's locked for this run), before any backend or model.
  const opened = await openRun(options);
  try {
    return await trainOpenedRun(options, opened, startedAt);
  } finally {
    // However the run ends (done, aborted, failed), the next run in outDir may start.
    await opened.lock?.release();
  }
}

async function trainOpenedRun(options: TrainOptions, opened: OpenedRun, startedAt: number): Promise<TrainResult> {
  const { resolved, scheduleScaled, interval, checkpoint, store, recovered, lock } = opened;
  const { signal, callbacks = {} } = options;

  // Phase 2: the backend, the model (restored on resume), the training step and the data.
  const backendInfo = await useBackend(resolved.backend);
  const backend = tf.getBackend();
  const codec = new Codec(resolved.task);
  const dataset = new ArithmeticDataset({ codec, seed: resolved.seed, distribution: resolved.distribution });
  const model = createModel({ ...resolved.model, codec, seed: resolved.model.seed ?? resolved.seed });
  const optimizer = tf.train.adam(resolved.learningRate);
  let disposeStep: (() => Promise<void>) | undefined;
  try {
    const saved = checkpoint?.state;
    if (checkpoint) {
      const restored = await loadCheckpointTensors(checkpoint);
      try {
        checkResumable(checkpoint, resolved, getMetadata(model), restored.metadata);
        checkSavedShapes(checkpoint, model, restored.model);
        model.setWeights(restored.model.getWeights());
      } finally {
        restored.model.dispose();
      }
      await setAdamState(optimizer, restored.adam);
    }
    // What differs between families (the data layout, threads or not) comes from the family's record.
    const family = modelFamily(getMetadata(model).architecture.family);
    const { step, threads, dispose } = await buildStep(model, optimizer, resolved, family.trainsOnThreads);
    disposeStep = dispose;
    const stream = dataset.trainStream({
      batchSize: resolved.batchSize,
      layout: family.layout(codec),
      // Checkpoints written before this option existed have none: 0, the plain stream.
      carryFraction: resolved.carryFraction ?? 0,
      replayFraction: resolved.replayFraction ?? 0,
      ...(saved ? { state: saved.stream } : {}),
    });
    // Small tasks hold few validation pairs (1-digit '+': about 2 of 55); use all of them then.
    const validationSize =
      codec.digits <= 3 ? Math.min(resolved.validationSize, dataset.distinctPairs('validation')) : resolved.validationSize;
    const validationExamples = dataset.validationSet(validationSize);
    const run = new TrainingRun({
      resolved, model, optimizer, codec, validationExamples, backend, stream, callbacks, interval, startedAt,
      // A step on typed arrays keeps the weights and Adam's state until they are read.
      syncModel: () => step.arrays?.sync(),
      ...(step.arrays?.evaluate ? { forward: step.arrays.evaluate } : {}),
      // A family that answers longer operands than it trained on records how long they were.
      ...(family.answersLongerOperands ? { longestOperand: codec.digits } : {}),
      ...(store === undefined ? {} : { store }),
      ...(saved === undefined ? {} : { saved }),
    });
    run.learningRate = learningRateAt(run.examplesSeen, resolved);

    callbacks.onStart?.({
      options: resolved,
      ...(saved ? { resumed: { epoch: saved.epoch, batchInEpoch: saved.batchInEpoch, examplesSeen: saved.examplesSeen, elapsedSeconds: saved.elapsedSeconds, best: saved.best } } : {}),
      backend: backendInfo,
      threads,
      implementation: step.implementation ?? getMetadata(model).architecture.implementation,
      ...(step.fallbackReason !== undefined ? { fallbackReason: step.fallbackReason } : {}),
      parameters: model.countParams(),
      ...(scheduleScaled === undefined ? {} : { scheduleScaled }),
      ...(saved ? { resumedFrom: saved.epoch } : {}),
      validationSize: validationExamples.length,
      ...(validationExamples.length < resolved.validationSize ? { validationSizeRequested: resolved.validationSize } : {}),
      ...(recovered.length > 0 ? { recovered } : {}),
      ...(lock?.tookOverFrom ? { staleLock: { ...lock.tookOverFrom, file: lock.file } } : {}),
    });

    // Phase 3: the batches, with validation, checkpoints and stops between them.
    const batchesPerEpoch = Math.ceil(resolved.examplesPerEpoch / resolved.batchSize);
    const replays = resolved.replayFraction > 0;
    // Checkpoints written before this option existed have none: 0, plain one-hot targets.
    const smoothing = resolved.labelSmoothing ?? 0;
    const smoother = smoothing > 0 ? new TargetSmoother(smoothing) : undefined;
    // While worker threads compute a step, this thread draws the next batch instead of waiting
    // (the same batches in the same order; a stream that replays draws none ahead).
    const drawAhead = () => stream.prefetch();
    let stoppedBecause: StopReason = 'epochs';
    let lastYield = now();
    training: while (run.epoch < resolved.epochs) {
      while (run.batchInEpoch < batchesPerEpoch) {
        if (signal?.aborted) {
          stoppedBecause = 'aborted';
          break training;
        }
        run.learningRate = learningRateAt(run.examplesSeen, resolved);
        setLearningRate(optimizer, run.learningRate);
        const batch = stream.next();
        await trainBatch(run, step, smoother ? { ...batch, targets: smoother.smooth(batch.targets, batch.targetShape[2]) } : batch, replays ? stream : undefined, drawAhead);
        callbacks.onBatchEnd?.({
          epoch: run.epoch + 1,
          batch: run.batchInEpoch,
          batchesPerEpoch,
          batchSize: batch.size,
          loss: run.lastLoss,
          examplesSeen: run.examplesSeen,
          samplesPerSecond: rate(run.partial.counts.examples, run.partial.trainingSeconds),
          learningRate: run.learningRate,
        });
        // Not after the epoch's last batch: the epoch's end evaluates and writes a checkpoint.
        if (run.batchInEpoch < batchesPerEpoch && run.evaluationDue()) {
          const { metrics } = run.evaluate(run.epoch + 1, run.batchInEpoch);
          if (run.targetMet(metrics.exactMatch)) {
            // The target is reached between epoch ends: this model is the best so far.
            stoppedBecause = 'target';
            run.best = { epoch: run.epoch + 1, exactMatch: metrics.exactMatch, loss: metrics.loss };
            await run.saveBest();
            await run.saveLatest();
            break training;
          }
        }
        if (run.batchInEpoch < batchesPerEpoch && run.checkpointDue()) await run.saveLatest();
        if (now() - lastYield >= yieldIntervalMilliseconds) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }
      const validation = await run.endEpoch(rate(run.partial.counts.examples, run.partial.trainingSeconds));
      if (run.targetMet(validation.exactMatch)) {
        stoppedBecause = 'target';
        break;
      }
      await yieldToEventLoop();
      lastYield = now();
    }

    // Phase 4: a stopped run keeps what it trained; the model says how it was trained, so that
    // what saves or shows it later (a browser download, the web app's header) has the record.
    if (stoppedBecause === 'aborted' && run.unsaved) await run.saveLatest();
    step.arrays?.sync();
    model.setUserDefinedMetadata({ ...getMetadata(model), training: run.record() } as unknown as Record<string, unknown>);
    return {
      model,
      history: run.history,
      stoppedBecause,
      backend,
      backendInfo,
      examplesSeen: run.examplesSeen,
      elapsedSeconds: run.elapsedSeconds(),
      best: run.best,
      targets: run.targets,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    await disposeStep?.();
    optimizer.dispose();
  }
}

/** The training step: data parallel over worker threads where that pays, else on this thread. */
async function buildStep(
  model: tf.LayersModel,
  optimizer: tf.AdamOptimizer,
  resolved: ResolvedTrainOptions,
  trainsOnThreads: boolean,
): Promise<{ step: TrainStep; threads: number; dispose?: () => Promise<void> }> {
  const clip = resolved.clipNorm === undefined ? {} : { clipNorm: resolved.clipNorm };
  // A family that does not train on threads (the aligned one: about 35,000 examples a second in the kernel) trains here.
  if (!trainsOnThreads) return { step: createTrainStep(model, { optimizer, ...clip }), threads: 1 };
  const threads = await chooseTrainThreads({
    // Checkpoints written before this option existed have none.
    threads: resolved.threads ?? 'auto',
    batchSize: resolved.batchSize,
    implementation: getMetadata(model).architecture.implementation,
  });
  if (threads > 1) {
    const parallel = await createParallelTrainStep(model, { optimizer, threads, maxBatchSize: resolved.batchSize, ...clip });
    // What runs: a parallel step whose workers could not start runs on this thread alone.
    return { step: parallel, threads: parallel.threads, dispose: parallel.dispose };
  }
  return { step: createTrainStep(model, { optimizer, ...clip }), threads: 1 };
}

/**
 * One step on one batch: the loss and the answers it predicted go into the epoch's totals. The
 * kernel takes the dataset's arrays as they are; other steps get them as tensors.
 */
async function trainBatch(run: TrainingRun, step: TrainStep, batch: EncodedBatch, replay: TrainStream | undefined, whileWorkersRun: () => void): Promise<void> {
  const began = now();
  const { loss, predicted } = step.arrays
    ? step.arrays.step(batch.inputs, batch.targets, batch.size, run.learningRate, whileWorkersRun)
    : await tensorStep(step, batch);
  run.partial.trainingSeconds += (now() - began) / 1000;
  run.lastLoss = loss;
  run.batchInEpoch += 1;
  if (!Number.isFinite(loss)) {
    throw new TrainingDivergedError({
      epoch: run.epoch + 1,
      batch: run.batchInEpoch,
      learningRate: run.learningRate,
      loss,
      ...(run.checkpointsAt === undefined ? {} : { outDir: run.checkpointsAt }),
    });
  }
  run.partial.lossSum += loss * batch.size;
  // A batch's answers are as long as its layout makes them (aligned: its longest question + 1).
  // Hard-example replay: the stream keeps the questions this batch got wrong.
  const wrong: number[] = [];
  countMatches(run.partial.counts, predicted, batch.answerIndices, batch.targetShape[1], replay && wrong);
  replay?.recordWrong(wrong);
  run.examplesSeen += batch.size;
  run.unsaved = true;
}

async function tensorStep(step: TrainStep, batch: EncodedBatch): Promise<{ loss: number; predicted: ArrayLike<number> }> {
  const inputs = tf.tensor3d(batch.inputs, batch.inputShape);
  const targets = tf.tensor3d(batch.targets, batch.targetShape);
  let result: { loss: tf.Scalar; predicted: tf.Tensor };
  try {
    result = step(inputs, targets);
  } finally {
    tf.dispose([inputs, targets]);
  }
  const [lossValues, predictedValues] = await Promise.all([result.loss.data(), result.predicted.data()]);
  tf.dispose([result.loss, result.predicted]);
  return { loss: lossValues[0] ?? Number.NaN, predicted: predictedValues };
}

function rate(examples: number, seconds: number): number {
  return seconds > 0 ? examples / seconds : 0;
}
