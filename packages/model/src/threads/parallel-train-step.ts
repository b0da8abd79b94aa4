import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { checkClipNorm } from '../check-limits.js';
import { readFusedModelSpec } from '../fused/model-spec.js';
import { describeKernelModel, describeSpec, type DescribedModel } from '../kernel-adapter/describe-model.js';
import { createKernelTrainStep } from '../kernel-adapter/kernel-train-step.js';
import { startBrowserPool } from './browser-pool.js';
import { threadedForwardPass, threadedGradientPass, threadedUpdate } from './kernel-threads-pass.js';
import type { KernelNetwork } from '../kernel/kernel-network.js';
import type { ShardWorker } from './shards.js';
import { kernelModuleSync, loadKernelModule, loadSharedKernelModule } from '../kernel/kernel-module.js';
import { getMetadata } from '../metadata.js';
import { checkStepArguments, describeStep, type TrainStep } from '../train-step.js';
import { runsInNode } from './choose-threads.js';
import { DisposedTrainStepError } from './errors.js';
import { createFusedParallelStep } from './fused-parallel-step.js';
import type { WorkerFaults } from './protocol.js';
import { allocateShardBuffers, shardLayoutOf } from './shared-buffers.js';
import { createSharedKernel, type SharedKernel } from './shared-kernel.js';
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
   * summed): two threads on 256 examples each contend for memory, on 64 each they scale.
   * @default 32 for the kernel (its network's preferred chunk: 2 threads trained batches of 128
   * and 512 1-2% faster than in chunks of 64), 64 for `fused`
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
  /** false: the kernel's threads copy the weights and gradients through their buffers and this thread runs all of Adam, as where shared WebAssembly memory is missing. @default true */
  sharedMemory?: boolean;
}

function validate(options: ParallelTrainStepOptions): Required<Omit<ParallelTrainStepOptions, 'clipNorm' | 'microBatchSize'>> & { clipNorm?: number; microBatchSize?: number } {
  const { optimizer, clipNorm, threads = 2, maxBatchSize = 512, timeoutMs = 120_000, implementation, microBatchSize } = options;
  if (implementation !== undefined && implementation !== 'kernel' && implementation !== 'fused') {
    throw new InvalidOptionError(`implementation must be "kernel" or "fused" for a parallel step, got ${JSON.stringify(implementation)}`);
  }
  if (microBatchSize !== undefined && (!Number.isInteger(microBatchSize) || microBatchSize < 1)) {
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
  if (clipNorm !== undefined) checkClipNorm(clipNorm);
  return { optimizer, threads, maxBatchSize, timeoutMs, implementation: implementation ?? 'kernel', ...(microBatchSize === undefined ? {} : { microBatchSize }), ...(clipNorm === undefined ? {} : { clipNorm }) };
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
function kernelFor(model: tf.LayersModel): { described: DescribedModel; reason?: undefined } | { described?: undefined; reason: string } {
  try {
    const described = describeKernelModel(model);
    kernelModuleSync();
    return { described };
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
 * memory before each step. The kernel's threads load no tfjs and run on every backend, tfjs-node
 * included; the fused step's need the `wasm` or `cpu` backend (where the kernel cannot train the
 * model on another, its fused fallback runs on one thread and `fallbackReason` says so).
 * Throws FusedUnsupportedError for models the fused step cannot compute.
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
  const { optimizer, clipNorm, maxBatchSize, timeoutMs, threads: asked, ...chosen } = validate(options);
  const wanted = options.implementation ?? metadataImplementation(model);
  // The kernel uses no tfjs backend, so it runs (and splits) alike on every one, tfjs-node included.
  const kernel = wanted === 'kernel' ? kernelFor(model) : undefined;
  const useKernel = kernel?.described !== undefined;
  const microBatchSize = chosen.microBatchSize ?? (useKernel ? 32 : 64);
  const backend = tf.getBackend();
  // The fused step's workers run a tfjs engine each, on the wasm or cpu backend only.
  const fusedThreadsHere = backend === 'wasm' || backend === 'cpu';
  if (asked > 1 && wanted === 'fused' && !fusedThreadsHere) {
    throw new InvalidOptionError(`threads > 1 needs the wasm or cpu backend (${backend} runs its own threads); got threads ${asked}`);
  }
  // The kernel was asked for and cannot train this model: its fallback runs here on one thread.
  const threads = useKernel || fusedThreadsHere ? asked : 1;
  // The threads split the encoder-decoder; every thread and the kernel share its one description.
  const spec = readFusedModelSpec(model);
  const description = describeSpec(spec);
  const gates = { encoder: spec.encoder.gateActivation, decoder: spec.decoder.gateActivation };
  const layout = shardLayoutOf(description);

  let pool: { workers: readonly ShardWorker[]; dispose(): Promise<void> } | undefined;
  let fallbackReason =
    threads < asked ? `running on one thread instead of ${asked}: the fused step's threads need the wasm or cpu backend, not ${backend}` : undefined;
  // The kernel's threads share one memory where they can: no weights copied to the workers, no gradients back.
  let shared: SharedKernel | undefined;
  if (threads > 1 && useKernel && internals.sharedMemory !== false) {
    try {
      shared = createSharedKernel(await loadSharedKernelModule(), description, Math.max(microBatchSize, 32), threads);
    } catch {
      // No shared WebAssembly memory here (a page that is not cross-origin isolated): the workers copy, or cannot start.
      shared = undefined;
    }
  }
  if (threads > 1) {
    const capacity = Math.ceil(maxBatchSize / threads);
    let started: { pool?: { workers: readonly ShardWorker[]; dispose(): Promise<void> }; failure?: string };
    if (runsInNode()) {
      const nodeStart = await startWorkerPool({
        url: internals.workerUrl ?? defaultWorkerUrl(),
        setups: Array.from({ length: threads - 1 }, (_, i) => ({
          // The workers of the kernel load no TensorFlow.js at all.
          backend: useKernel ? 'kernel' : backend,
          description,
          gates,
          buffers: allocateShardBuffers(layout, capacity),
          microBatchSize,
          ...(shared ? { shared: shared.workers[i]! } : {}),
          ...(internals.faults ? { faults: internals.faults } : {}),
        })),
        startTimeoutMs: timeoutMs,
      });
      if (nodeStart.pool) internals.onPool?.(nodeStart.pool);
      started = nodeStart;
    } else if (useKernel) {
      // A browser: Web Workers started from a Blob URL, sharing the compiled kernel module.
      started = await startBrowserPool({
        module: shared ? await loadSharedKernelModule() : await loadKernelModule(),
        count: threads - 1,
        ...(shared ? { shared: shared.workers } : {}),
        description,
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
  const live = () => {
    if (disposed) throw new DisposedTrainStepError('this parallel training step was disposed; create a new one to train further');
  };
  const clip = clipNorm === undefined ? {} : { clipNorm };
  // The workers that started share the memory (none did: this thread trains alone on it).
  const sharedThreads = workers.length > 0 ? shared : undefined;
  const threadContext = { workers, layout, timeoutMs, ...(sharedThreads ? { shared: sharedThreads } : {}) };
  const inner: TrainStep = kernel?.described
    ? createKernelTrainStep(model, { optimizer, ...clip }, {
        described: kernel.described,
        chunkSize: microBatchSize,
        pass: (network, chunkSize) => threadedGradientPass(network, chunkSize, threadContext),
        // Validation too: 10,000 questions take about half the time on 2 threads.
        forward: (network) => threadedForwardPass(network, threadContext),
        ...(shared ? { shared: { kernel: shared.kernel, placement: shared.placement } } : {}),
        // Adam too, in parts, on the shared memory.
        ...(sharedThreads ? { update: (network: KernelNetwork) => threadedUpdate(network, { ...threadContext, shared: sharedThreads }) } : {}),
      })
    : createFusedParallelStep({ spec, description, optimizer, ...clip, workers, layout, microBatchSize, timeoutMs });
  const step = ((inputs: tf.Tensor3D, targets: tf.Tensor3D) => {
    live();
    return inner(inputs, targets);
  }) as ParallelTrainStep;
  const arrays = inner.arrays;
  if (arrays) {
    Object.defineProperty(step, 'arrays', {
      value: {
        step: (...batch: Parameters<typeof arrays.step>) => {
          live();
          return arrays.step(...batch);
        },
        sync: () => arrays.sync(),
        ...(arrays.evaluate
          ? {
              evaluate: (...batch: Parameters<NonNullable<typeof arrays.evaluate>>) => {
                live();
                return arrays.evaluate!(...batch);
              },
            }
          : {}),
      },
      enumerable: true,
    });
  }

  Object.defineProperty(step, 'threads', { value: running, enumerable: true });
  const reasons = [kernel?.reason, fallbackReason].filter((reason): reason is string => reason !== undefined);
  describeStep(step, useKernel ? 'kernel' : 'fused', reasons.length > 0 ? reasons.join('; ') : undefined);
  step.dispose = async () => {
    disposed = true;
    await pool?.dispose();
  };
  return step;
}
