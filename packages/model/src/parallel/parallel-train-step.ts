import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { readFusedModelSpec, variablesByRole, WEIGHT_ROLES, type FusedModelSpec } from '../fused/model-spec.js';
import { clipByGlobalNorm, computeChunkedGradients } from '../fused/gradients.js';
import { startBrowserPool } from '../kernel/browser-pool.js';
import { createKernelParallelStep, type ShardWorker } from '../kernel/kernel-parallel-step.js';
import { KernelUnsupportedError, readKernelModel, type KernelModel } from '../kernel/kernel-train-step.js';
import { kernelModuleSync, loadKernelModule } from '../kernel/kernel-module.js';
import { getMetadata } from '../metadata.js';
import { checkStepArguments, describeStep, type TrainStep } from '../train-step.js';
import { runsInNode } from './choose-threads.js';
import { DisposedTrainStepError } from './errors.js';
import type { VariableRole, WorkerFaults, WorkerModelShape } from './protocol.js';
import { allocateShardBuffers, shardBuffersFor, writeShard, type ShardLayout } from './shared-buffers.js';
import { defaultWorkerUrl, startWorkerPool, type WorkerPool } from './worker-pool.js';

/** Options of `createParallelTrainStep(model, options)`: those of `createTrainStep` and the threads. */
export interface ParallelTrainStepOptions {
  /** The trainer owns it (learning-rate schedule, state). */
  optimizer: tf.Optimizer;
  /** Clip gradients by their global norm. @default no clipping */
  clipNorm?: number;
  /** Threads computing gradients, this one included (integer 1..64). @default 2 */
  threads?: number;
  /** Largest batch expected; bigger ones reallocate the shared buffers. @default 512 */
  maxBatchSize?: number;
  /** How long starting the workers, and each step, waits for a worker before giving up, in ms. @default 120000 */
  timeoutMs?: number;
  /**
   * Each thread works through its shard in chunks of at most this many examples (gradients
   * summed): two threads on 256 examples each contend for memory, on 64 each they scale. @default 64
   */
  microBatchSize?: number;
  /**
   * What computes the gradients: 'kernel', the WebAssembly SIMD kernel in every thread (no
   * TensorFlow.js in the workers), or 'fused', tfjs operations on a tfjs engine per thread.
   * 'kernel' falls back to 'fused' where the kernel cannot run, and `fallbackReason` says why.
   * @default the model's metadata implementation ('kernel' for models from createModel), else 'kernel'
   */
  implementation?: 'kernel' | 'fused';
}

/** A fused training step that splits each batch across threads; `dispose` stops the workers. */
export type ParallelTrainStep = TrainStep & {
  /** Threads that compute each batch, this one included. */
  readonly threads: number;
  /**
   * Why the step runs on one thread although more were asked for: the worker file is missing,
   * or a worker failed, exited or timed out while starting. Undefined when the workers run.
   */
  readonly fallbackReason?: string;
  /** Stops the worker threads; the step cannot be used afterwards. Settles even if a worker has exited; idempotent. */
  dispose(): Promise<void>;
};

/** Hooks for tests; never set in normal use. */
export interface ParallelTrainStepInternals {
  /** The worker entry to start. @default the built `parallel-worker.js` */
  workerUrl?: URL;
  /** Failures the workers inject into themselves. */
  faults?: WorkerFaults;
  /** Receives the started worker pool (to kill a worker as a crash would). */
  onPool?: (pool: WorkerPool) => void;
}

// A type alias, not an interface: tf.tidy needs an index-signature-compatible container.
type Gradients = { loss: tf.Scalar; predicted: tf.Tensor2D; grads: tf.NamedTensorMap };

/** Each trainable variable's role, in the model's trainable order. */
function roles(spec: FusedModelSpec): VariableRole[] {
  const byRole = variablesByRole(spec);
  return spec.trainable.map((variable) => WEIGHT_ROLES[byRole.indexOf(variable)]!);
}

function validate(options: ParallelTrainStepOptions): Required<Omit<ParallelTrainStepOptions, 'clipNorm'>> & { clipNorm?: number } {
  const { optimizer, clipNorm, threads = 2, maxBatchSize = 512, timeoutMs = 120_000, microBatchSize = 64, implementation } = options;
  if (implementation !== undefined && implementation !== 'kernel' && implementation !== 'fused') {
    throw new InvalidOptionError(`implementation must be "kernel" or "fused" for a parallel step, got ${JSON.stringify(implementation)}`);
  }
  if (!Number.isInteger(microBatchSize) || microBatchSize < 1) {
    throw new InvalidOptionError(`microBatchSize must be a positive integer, got ${String(microBatchSize)}`);
  }
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new InvalidOptionError(`threads must be an integer from 1 to 64, got ${String(threads)}`);
  }
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new InvalidOptionError(`maxBatchSize must be a positive integer, got ${String(maxBatchSize)}`);
  }
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0)) {
    throw new InvalidOptionError(`timeoutMs must be a positive number, got ${String(timeoutMs)}`);
  }
  if (clipNorm !== undefined && !(typeof clipNorm === 'number' && clipNorm > 0 && Number.isFinite(clipNorm))) {
    throw new InvalidOptionError(`clipNorm must be a positive number, got ${String(clipNorm)}`);
  }
  return { optimizer, threads, maxBatchSize, timeoutMs, microBatchSize, implementation: implementation ?? 'kernel', ...(clipNorm === undefined ? {} : { clipNorm }) };
}

/** The implementation a model's metadata asks for; models without addrnn metadata get the kernel. */
function metadataImplementation(model: tf.LayersModel): 'kernel' | 'fused' {
  try {
    return getMetadata(model).architecture.implementation === 'fused' ? 'fused' : 'kernel';
  } catch {
    return 'kernel';
  }
}

/** The kernel's view of the model, or why the kernel cannot train it here. */
function kernelFor(model: tf.LayersModel): { kernel: KernelModel; reason?: undefined } | { kernel?: undefined; reason: string } {
  try {
    if (tf.getBackend() === 'tensorflow') throw new KernelUnsupportedError('tfjs-node runs its own native kernels on every core; it keeps the fused step');
    const kernel = readKernelModel(model);
    kernelModuleSync();
    return { kernel };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The fused training step (same loss and gradients as stock tfjs-layers) with each batch split
 * into `threads` shards: this thread computes the first, Node.js worker threads the others, each
 * on its own TensorFlow.js engine with the same backend as this one. Gradients are averaged
 * (weighted by shard size), so an update equals the single-thread one up to float rounding;
 * this thread's optimizer applies it and the weights travel to the workers through shared
 * memory before each step. Node.js only; for the `wasm` and `cpu` backends (tfjs-node already
 * uses every core). Throws FusedUnsupportedError for models the fused step cannot compute.
 * When the workers cannot start (their file is missing, one fails or times out), the step runs
 * on one thread and says why in `fallbackReason`. A step throws GradientWorkerError when a
 * worker fails or exits during it.
 */
export function createParallelTrainStep(model: tf.LayersModel, options: ParallelTrainStepOptions): Promise<ParallelTrainStep> {
  return createParallelTrainStepWith(model, options, {});
}

/** createParallelTrainStep with test hooks; not part of the package's exports. */
export async function createParallelTrainStepWith(
  model: tf.LayersModel,
  options: ParallelTrainStepOptions,
  internals: ParallelTrainStepInternals,
): Promise<ParallelTrainStep> {
  checkStepArguments('createParallelTrainStep', model, options);
  const { optimizer, clipNorm, threads, maxBatchSize, timeoutMs, microBatchSize } = validate(options);
  const wanted = options.implementation ?? metadataImplementation(model);
  const kernel = wanted === 'kernel' ? kernelFor(model) : undefined;
  const useKernel = kernel?.kernel !== undefined;
  const backend = tf.getBackend();
  if (threads > 1 && !useKernel && backend !== 'wasm' && backend !== 'cpu') {
    throw new InvalidOptionError(`threads > 1 needs the wasm or cpu backend (${backend} runs its own threads); got threads ${threads}`);
  }
  const spec = readFusedModelSpec(model);
  const variableRoles = roles(spec);
  const sizes = spec.trainable.map((variable) => variable.size);
  const layout: ShardLayout = {
    parameters: sizes.reduce((sum, size) => sum + size, 0),
    inputRow: spec.questionLength * spec.vocabularySize,
    targetRow: spec.answerLength * spec.outputSize,
    answerLength: spec.answerLength,
  };
  const shape: WorkerModelShape = {
    questionLength: spec.questionLength,
    vocabularySize: spec.vocabularySize,
    answerLength: spec.answerLength,
    outputSize: spec.outputSize,
    encoder: { units: spec.encoder.units, gateActivation: spec.encoder.gateActivation },
    decoder: { units: spec.decoder.units, gateActivation: spec.decoder.gateActivation },
    variables: spec.trainable.map((variable, i) => ({ role: variableRoles[i]!, shape: variable.shape })),
  };

  let pool: { workers: readonly ShardWorker[]; dispose(): Promise<void> } | undefined;
  let fallbackReason: string | undefined;
  if (threads > 1) {
    const capacity = Math.ceil(maxBatchSize / threads);
    let started: { pool?: { workers: readonly ShardWorker[]; dispose(): Promise<void> }; failure?: string };
    if (runsInNode()) {
      const nodeStart = await startWorkerPool({
        url: internals.workerUrl ?? defaultWorkerUrl(),
        setups: Array.from({ length: threads - 1 }, () => ({
          // The workers of the kernel load no TensorFlow.js at all.
          backend: useKernel ? 'kernel' : backend,
          shape,
          buffers: allocateShardBuffers(layout, capacity),
          microBatchSize,
          ...(internals.faults ? { faults: internals.faults } : {}),
        })),
        startTimeoutMs: timeoutMs,
      });
      if (nodeStart.pool) internals.onPool?.(nodeStart.pool);
      started = nodeStart;
    } else if (useKernel) {
      // A browser: Web Workers started from a Blob URL, sharing the compiled kernel module.
      started = await startBrowserPool({
        module: await loadKernelModule(),
        count: threads - 1,
        shape,
        buffers: () => allocateShardBuffers(layout, capacity),
        microBatchSize,
        startTimeoutMs: timeoutMs,
      });
    } else {
      started = { failure: 'threads outside Node.js need the WebAssembly kernel' };
    }
    pool = started.pool;
    if (started.failure !== undefined) fallbackReason = `running on one thread instead of ${threads}: ${started.failure}`;
  }
  const workers: readonly ShardWorker[] = pool?.workers ?? [];
  const running = workers.length + 1;

  let disposed = false;
  const kernelStep = kernel?.kernel
    ? createKernelParallelStep({ model: kernel.kernel, optimizer, ...(clipNorm === undefined ? {} : { clipNorm }), workers, layout, microBatchSize, timeoutMs })
    : undefined;
  const step = ((inputs: tf.Tensor3D, targets: tf.Tensor3D) => {
    if (disposed) throw new DisposedTrainStepError('this parallel training step was disposed; create a new one to train further');
    if (kernelStep) return kernelStep(inputs, targets);
    const batch = inputs.shape[0];
    const wantedInputs = [batch, spec.questionLength, spec.vocabularySize];
    const wantedTargets = [batch, spec.answerLength, spec.outputSize];
    // Checked here, before any worker starts on a shard it would fail on.
    if (inputs.shape.join() !== wantedInputs.join() || targets.shape.join() !== wantedTargets.join()) {
      throw new InvalidOptionError(
        `a training batch needs inputs [${wantedInputs.join(', ')}] and targets [${wantedTargets.join(', ')}], got [${inputs.shape.join(', ')}] and [${targets.shape.join(', ')}]`,
      );
    }
    const shardSize = Math.ceil(batch / running);
    const shards: [start: number, size: number][] = [];
    for (let start = 0; start < batch; start += shardSize) shards.push([start, Math.min(shardSize, batch - start)]);
    const working = workers.slice(0, shards.length - 1);

    // Hand out the other shards first, so the workers run while this thread computes its own.
    if (working.length > 0) {
      const inputValues = inputs.dataSync() as Float32Array;
      const targetValues = targets.dataSync() as Float32Array;
      const weights = new Float32Array(layout.parameters);
      let offset = 0;
      spec.trainable.forEach((variable, i) => {
        weights.set(variable.dataSync() as Float32Array, offset);
        offset += sizes[i]!;
      });
      working.forEach((worker, k) => {
        const [start, size] = shards[k + 1]!;
        const buffers = shardBuffersFor(worker.buffers, layout, size);
        if (buffers !== worker.buffers) worker.replaceBuffers(buffers);
        writeShard(buffers, layout, weights, inputValues, targetValues, start, size);
        worker.request(size);
      });
    }

    const [, ownSize] = shards[0]!;
    const { loss, predicted, grads } = tf.tidy((): Gradients => {
      const ownInputs = working.length > 0 ? tf.slice(inputs, 0, ownSize) : inputs;
      const ownTargets = working.length > 0 ? tf.slice(targets, 0, ownSize) : targets;
      const own = computeChunkedGradients(spec, ownInputs, ownTargets, microBatchSize);
      if (working.length === 0) return { loss: own.loss, predicted: own.predicted, grads: own.grads };
      for (const worker of working) worker.finish(timeoutMs);
      // Each shard's loss is its own mean: the batch's is their average weighted by shard size.
      const weightOf = (k: number) => shards[k]![1] / batch;
      const predictions: tf.Tensor2D[] = [own.predicted];
      let lossSum = tf.mul(own.loss, weightOf(0));
      const summed: tf.NamedTensorMap = {};
      for (const variable of spec.trainable) summed[variable.name] = tf.mul(own.grads[variable.name]!, weightOf(0));
      working.forEach((worker, k) => {
        const size = shards[k + 1]![1];
        const gradients = new Float32Array(worker.buffers.gradients);
        let offset = 0;
        spec.trainable.forEach((variable, i) => {
          const part = tf.tensor(gradients.slice(offset, offset + sizes[i]!), variable.shape);
          summed[variable.name] = tf.add(summed[variable.name]!, tf.mul(part, weightOf(k + 1)));
          offset += sizes[i]!;
        });
        lossSum = tf.add(lossSum, tf.mul(gradients[layout.parameters]!, weightOf(k + 1)));
        predictions.push(tf.tensor2d(new Int32Array(worker.buffers.predicted, 0, size * spec.answerLength).slice(), [size, spec.answerLength], 'int32'));
      });
      return { loss: lossSum as tf.Scalar, predicted: tf.concat(predictions, 0) as tf.Tensor2D, grads: summed };
    });
    const applied = tf.tidy((): tf.NamedTensorMap => (clipNorm === undefined ? grads : clipByGlobalNorm(grads, clipNorm)));
    optimizer.applyGradients(Object.entries(applied).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose([grads, applied]);
    return { loss, predicted };
  }) as ParallelTrainStep;

  Object.defineProperty(step, 'threads', { value: running, enumerable: true });
  const reasons = [kernel?.reason, fallbackReason].filter((reason): reason is string => reason !== undefined);
  describeStep(step, useKernel ? 'kernel' : 'fused', reasons.length > 0 ? reasons.join('; ') : undefined);
  step.dispose = async () => {
    disposed = true;
    await pool?.dispose();
  };
  return step;
}
