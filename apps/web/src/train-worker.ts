/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { AddrnnError } from '@addrnn/codec';
import type { BatchLog } from '@addrnn/trainer';
import { startBackend } from './backend.js';
import { describeError } from './error-text.js';
import { LossAverage } from './loss-average.js';
import { recordProgress, trainResumable } from './resumable-training.js';
import type { StoredRunStart } from './run-start.js';
import { chooseTrainingThreads } from './threads.js';
import type { FromWorker, ToWorker, TrainRequest } from './worker-protocol.js';

declare const self: DedicatedWorkerGlobalScope;

/** Batch progress is posted at most this often (a few times a second): each message redraws the loss chart. */
const batchMessageIntervalMilliseconds = 250;

let controller: AbortController | undefined;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  recordProgress(message); // runs survive a reload: the charts' messages go with each checkpoint
  self.postMessage(message, transfer);
}

async function run(request: TrainRequest, stored?: StoredRunStart): Promise<void> {
  controller = new AbortController();
  // train() starts its backend by name; the wasm paths (and tfjs-wasm's thread flag) must be set before the first start.
  const backend = await startBackend(request.backend);
  // The one place the training thread count is chosen: every core when isolated, else 1.
  const choice = chooseTrainingThreads();
  let lastBatchPost = 0;
  let pendingBatch: BatchLog | undefined;
  const lossAverage = new LossAverage();
  // Kept in IndexedDB (resumable-training.ts): checkpoints, and a resume of the stored run when `stored.resume`.
  const result = await trainResumable(request, stored, post, {
    // The form's settings on the seed's plain base: the rate it shows stays constant, and the
    // run goes on for the epochs it asks for (the CLI's default recipe decays and stops early).
    preset: 'keras',
    task: { digits: request.digits, reverseAnswer: request.reverseAnswer },
    model: {
      cell: request.cell,
      hiddenSize: request.hiddenSize,
      encoderLayers: request.encoderLayers,
      decoderLayers: request.decoderLayers,
    },
    batchSize: request.batchSize,
    epochs: request.epochs,
    examplesPerEpoch: request.examplesPerEpoch,
    learningRate: request.learningRate,
    validationSize: request.validationSize,
    ...(request.evaluateEvery === undefined ? {} : { evaluateEvery: request.evaluateEvery }),
    backend: backend.name as 'webgl' | 'wasm' | 'cpu',
    // 'auto': the library splits a batch from 16 examples a thread, up to the cores (at most 4).
    threads: choice.threads > 1 ? 'auto' : 1,
    signal: controller.signal,
    callbacks: {
      onStart: (info) =>
        post({
          type: 'started',
          backend: { ...info.backend, skipped: backend.skipped },
          parameters: info.parameters,
          threads: { ...choice, threads: info.threads, ...(info.fallbackReason ? { reason: info.fallbackReason } : {}) },
        }),
      onBatchEnd: (log) => {
        pendingBatch = log;
        lossAverage.add(log.loss);
        const now = performance.now();
        if (now - lastBatchPost >= batchMessageIntervalMilliseconds || log.batch === log.batchesPerEpoch) {
          post({ type: 'batch', log, smoothedLoss: lossAverage.value });
          lastBatchPost = now;
          pendingBatch = undefined;
        }
      },
      onEvaluation: (log) => post({ type: 'evaluation', log }),
      onEpochEnd: (log) => post({ type: 'epoch', log }),
    },
  });
  if (pendingBatch) post({ type: 'batch', log: pendingBatch, smoothedLoss: lossAverage.value });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await result.model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  result.model.dispose();
  if (!artifacts) throw new AddrnnError('MODEL_NOT_SERIALISED', 'the trained model could not be serialised: model.save() passed no artifacts to the save handler');
  const weightData = artifacts.weightData;
  const transfer = weightData instanceof ArrayBuffer ? [weightData] : [];
  post({ type: 'done', stoppedBecause: result.stoppedBecause, artifacts, epochs: result.history.length }, transfer);
}

function postError(error: unknown): void {
  const { message, stack } = describeError(error);
  const code = (error as { code?: unknown } | null)?.code;
  post({ type: 'error', message, ...(typeof code === 'string' ? { code } : {}), ...(stack === undefined ? {} : { stack }) });
}

// Errors outside run()'s promise (a nested worker's ErrorEvent rethrown, a stray rejection)
// reach the page as text, not as "[object ErrorEvent]".
self.addEventListener('error', (event) => {
  event.preventDefault();
  postError(event);
});
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  postError(event.reason);
});

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'stop') {
    controller?.abort();
    return;
  }
  if (controller) {
    post({ type: 'error', message: 'a training is already running in this worker' });
    return;
  }
  run(message.request, message.stored).catch(postError);
});
