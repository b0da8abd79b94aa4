import type { MessagePort, Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { readFusedModelSpec, type FusedModelSpec } from '../fused/model-spec.js';
import { clipByGlobalNorm, computeChunkedGradients } from '../fused/train-step.js';
import type { TrainStep } from '../train-step.js';
import { CONTROL_SLOTS, ERROR_BYTES, Slot, STOP, type ShardBuffers, type VariableRole, type WorkerData, type WorkerModelShape } from './protocol.js';

export interface ParallelTrainStepOptions {
  /** The trainer owns it (learning-rate schedule, state). */
  optimizer: tf.Optimizer;
  /** Clip gradients by their global norm. @default no clipping */
  clipNorm?: number;
  /** Threads computing gradients, this one included (integer 1..64). @default 2 */
  threads?: number;
  /** Largest batch expected; bigger ones reallocate the shared buffers. @default 512 */
  maxBatchSize?: number;
  /** How long a step waits for a worker before giving up, in ms. @default 120000 */
  timeoutMs?: number;
  /**
   * Each thread works through its shard in chunks of at most this many examples (gradients
   * summed): two threads on 256 examples each contend for memory, on 64 each they scale. @default 64
   */
  microBatchSize?: number;
}

/** A fused training step that splits each batch across threads; `dispose` stops the workers. */
export type ParallelTrainStep = TrainStep & {
  /** Threads that compute each batch, this one included. */
  readonly threads: number;
  /** Stops the worker threads; the step cannot be used afterwards. */
  dispose(): Promise<void>;
};

// A type alias, not an interface: tf.tidy needs an index-signature-compatible container.
type Gradients = { loss: tf.Scalar; predicted: tf.Tensor2D; grads: tf.NamedTensorMap };

interface WorkerHandle {
  worker: Worker;
  control: Int32Array;
  errorText: Uint8Array;
  port: MessagePort;
  buffers: ShardBuffers;
  generation: number;
  request: number;
}

function roles(spec: FusedModelSpec): VariableRole[] {
  const byVariable = new Map<tf.Variable, VariableRole>([
    [spec.encoder.kernel, 'encoder.kernel'],
    [spec.encoder.recurrentKernel, 'encoder.recurrentKernel'],
    [spec.encoder.bias, 'encoder.bias'],
    [spec.decoder.kernel, 'decoder.kernel'],
    [spec.decoder.recurrentKernel, 'decoder.recurrentKernel'],
    [spec.decoder.bias, 'decoder.bias'],
    [spec.dense.kernel, 'dense.kernel'],
    [spec.dense.bias, 'dense.bias'],
  ]);
  return spec.trainable.map((variable) => byVariable.get(variable)!);
}

function allocate(spec: FusedModelSpec, capacity: number, parameters: number): ShardBuffers {
  const float = Float32Array.BYTES_PER_ELEMENT;
  return {
    capacity,
    weights: new SharedArrayBuffer(parameters * float),
    gradients: new SharedArrayBuffer((parameters + 1) * float),
    inputs: new SharedArrayBuffer(capacity * spec.questionLength * spec.vocabularySize * float),
    targets: new SharedArrayBuffer(capacity * spec.answerLength * spec.outputSize * float),
    predicted: new SharedArrayBuffer(capacity * spec.answerLength * Int32Array.BYTES_PER_ELEMENT),
  };
}

/** Where the built worker lives: next to this module in dist, or in dist when running from source. */
function workerUrl(): URL {
  // tsup's shim gives the CommonJS build an import.meta.url too.
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/parallel-worker.js', here) : new URL('./parallel-worker.js', here);
}

function waitFor(handle: WorkerHandle, slot: number, value: number, timeoutMs: number, what: string): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = Atomics.load(handle.control, slot);
    if (current === value) break;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`the gradient worker did not ${what} within ${timeoutMs} ms`);
    Atomics.wait(handle.control, slot, current, Math.min(left, 1000));
  }
  if (Atomics.load(handle.control, Slot.status) !== 0) {
    const bytes = handle.errorText.slice();
    const end = bytes.indexOf(0);
    throw new Error(`the gradient worker failed: ${new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end))}`);
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
 */
export async function createParallelTrainStep(model: tf.LayersModel, options: ParallelTrainStepOptions): Promise<ParallelTrainStep> {
  const { optimizer, clipNorm, threads = 2, maxBatchSize = 512, timeoutMs = 120_000, microBatchSize = 64 } = options;
  if (!Number.isInteger(microBatchSize) || microBatchSize < 1) {
    throw new InvalidOptionError(`microBatchSize must be a positive integer, got ${String(microBatchSize)}`);
  }
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new InvalidOptionError(`threads must be an integer from 1 to 64, got ${String(threads)}`);
  }
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new InvalidOptionError(`maxBatchSize must be a positive integer, got ${String(maxBatchSize)}`);
  }
  if (clipNorm !== undefined && !(typeof clipNorm === 'number' && clipNorm > 0 && Number.isFinite(clipNorm))) {
    throw new InvalidOptionError(`clipNorm must be a positive number, got ${String(clipNorm)}`);
  }
  const backend = tf.getBackend();
  if (threads > 1 && backend !== 'wasm' && backend !== 'cpu') {
    throw new InvalidOptionError(`threads > 1 needs the wasm or cpu backend (${backend} runs its own threads); got threads ${threads}`);
  }
  const spec = readFusedModelSpec(model);
  const variableRoles = roles(spec);
  const sizes = spec.trainable.map((variable) => variable.size);
  const parameters = sizes.reduce((sum, size) => sum + size, 0);
  const shape: WorkerModelShape = {
    questionLength: spec.questionLength,
    vocabularySize: spec.vocabularySize,
    answerLength: spec.answerLength,
    outputSize: spec.outputSize,
    encoder: { units: spec.encoder.units, gateActivation: spec.encoder.gateActivation },
    decoder: { units: spec.decoder.units, gateActivation: spec.decoder.gateActivation },
    variables: spec.trainable.map((variable, i) => ({ role: variableRoles[i]!, shape: variable.shape })),
  };

  const { Worker: WorkerThread, MessageChannel } = (await import(/* @vite-ignore */ NODE_WORKER_THREADS)) as typeof import('node:worker_threads');
  const handles: WorkerHandle[] = [];
  const capacityFor = (batch: number) => Math.ceil(batch / threads);
  try {
    for (let i = 1; i < threads; i += 1) {
      const control = new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
      const errorText = new SharedArrayBuffer(ERROR_BYTES);
      const { port1, port2 } = new MessageChannel();
      const buffers = allocate(spec, capacityFor(maxBatchSize), parameters);
      const data: WorkerData = { control, errorText, port: port2, backend, shape, buffers, microBatchSize };
      const worker = new WorkerThread(workerUrl(), { workerData: data, transferList: [port2] });
      worker.unref();
      handles.push({ worker, control: new Int32Array(control), errorText: new Uint8Array(errorText), port: port1, buffers, generation: 0, request: 0 });
    }
    for (const handle of handles) waitFor(handle, Slot.ready, 1, timeoutMs, 'start');
  } catch (error) {
    await Promise.all(handles.map((handle) => handle.worker.terminate()));
    throw error;
  }

  let disposed = false;
  const step = ((inputs: tf.Tensor3D, targets: tf.Tensor3D) => {
    if (disposed) throw new Error('this parallel training step was disposed');
    const batch = inputs.shape[0];
    const wantedInputs = [batch, spec.questionLength, spec.vocabularySize];
    const wantedTargets = [batch, spec.answerLength, spec.outputSize];
    // Checked here, before any worker starts on a shard it would fail on.
    if (inputs.shape.join() !== wantedInputs.join() || targets.shape.join() !== wantedTargets.join()) {
      throw new InvalidOptionError(
        `a training batch needs inputs [${wantedInputs.join(', ')}] and targets [${wantedTargets.join(', ')}], got [${inputs.shape.join(', ')}] and [${targets.shape.join(', ')}]`,
      );
    }
    const shardSize = capacityFor(batch);
    const shards: [start: number, size: number][] = [];
    for (let start = 0; start < batch; start += shardSize) shards.push([start, Math.min(shardSize, batch - start)]);
    const working = handles.slice(0, shards.length - 1);

    // Hand out the other shards first, so the workers run while this thread computes its own.
    if (working.length > 0) {
      const inputValues = inputs.dataSync() as Float32Array;
      const targetValues = targets.dataSync() as Float32Array;
      const inputRow = spec.questionLength * spec.vocabularySize;
      const targetRow = spec.answerLength * spec.outputSize;
      const weights = new Float32Array(parameters);
      let offset = 0;
      spec.trainable.forEach((variable, i) => {
        weights.set(variable.dataSync() as Float32Array, offset);
        offset += sizes[i]!;
      });
      working.forEach((handle, k) => {
        const [start, size] = shards[k + 1]!;
        if (handle.buffers.capacity < size) {
          handle.buffers = allocate(spec, size, parameters);
          handle.port.postMessage({ buffers: handle.buffers });
          handle.generation += 1;
          Atomics.store(handle.control, Slot.generation, handle.generation);
        }
        new Float32Array(handle.buffers.weights).set(weights);
        new Float32Array(handle.buffers.inputs).set(inputValues.subarray(start * inputRow, (start + size) * inputRow));
        new Float32Array(handle.buffers.targets).set(targetValues.subarray(start * targetRow, (start + size) * targetRow));
        Atomics.store(handle.control, Slot.shard, size);
        handle.request += 1;
        Atomics.store(handle.control, Slot.request, handle.request);
        Atomics.notify(handle.control, Slot.request);
      });
    }

    const [, ownSize] = shards[0]!;
    const { loss, predicted, grads } = tf.tidy((): Gradients => {
      const ownInputs = working.length > 0 ? tf.slice(inputs, 0, ownSize) : inputs;
      const ownTargets = working.length > 0 ? tf.slice(targets, 0, ownSize) : targets;
      const own = computeChunkedGradients(spec, ownInputs, ownTargets, microBatchSize);
      if (working.length === 0) return { loss: own.loss, predicted: own.predicted, grads: own.grads };
      for (const handle of working) waitFor(handle, Slot.done, handle.request, timeoutMs, 'finish a step');
      // Each shard's loss is its own mean: the batch's is their average weighted by shard size.
      const weightOf = (k: number) => shards[k]![1] / batch;
      const predictions: tf.Tensor2D[] = [own.predicted];
      let lossSum = tf.mul(own.loss, weightOf(0));
      const summed: tf.NamedTensorMap = {};
      for (const variable of spec.trainable) summed[variable.name] = tf.mul(own.grads[variable.name]!, weightOf(0));
      working.forEach((handle, k) => {
        const size = shards[k + 1]![1];
        const gradients = new Float32Array(handle.buffers.gradients);
        let offset = 0;
        spec.trainable.forEach((variable, i) => {
          const part = tf.tensor(gradients.slice(offset, offset + sizes[i]!), variable.shape);
          summed[variable.name] = tf.add(summed[variable.name]!, tf.mul(part, weightOf(k + 1)));
          offset += sizes[i]!;
        });
        lossSum = tf.add(lossSum, tf.mul(gradients[parameters]!, weightOf(k + 1)));
        predictions.push(tf.tensor2d(new Int32Array(handle.buffers.predicted, 0, size * spec.answerLength).slice(), [size, spec.answerLength], 'int32'));
      });
      return { loss: lossSum as tf.Scalar, predicted: tf.concat(predictions, 0) as tf.Tensor2D, grads: summed };
    });
    const applied = tf.tidy((): tf.NamedTensorMap => (clipNorm === undefined ? grads : clipByGlobalNorm(grads, clipNorm)));
    optimizer.applyGradients(Object.entries(applied).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose([grads, applied]);
    return { loss, predicted };
  }) as ParallelTrainStep;

  Object.defineProperty(step, 'threads', { value: threads, enumerable: true });
  step.dispose = async () => {
    if (disposed) return;
    disposed = true;
    await Promise.all(
      handles.map(async (handle) => {
        // Unreferenced workers do not keep Node running; hold on until this one has exited.
        handle.worker.ref();
        const exited = new Promise<void>((resolve) => handle.worker.once('exit', () => resolve()));
        Atomics.store(handle.control, Slot.request, STOP);
        Atomics.notify(handle.control, Slot.request);
        handle.port.close();
        await exited;
      }),
    );
  };
  return step;
}

// A module name in a variable keeps bundlers from resolving it for the browser.
const NODE_WORKER_THREADS = 'node:worker_threads';


/**
 * Examples per thread below which splitting a batch costs more than it saves. Measured on a
 * 2-core VM (wasm, the seed's model): two threads ran batch 64 at 1.15x one thread, batch 32 at 0.94x.
 */
export const MIN_EXAMPLES_PER_THREAD = 32;
/** Most threads `chooseTrainThreads` picks by itself. */
const MAX_AUTO_THREADS = 4;

/**
 * How many threads `createParallelTrainStep` should use for `batchSize` on the running backend:
 * 1 in a browser, on backends other than wasm and cpu, and for the `layers` implementation;
 * otherwise as many as the machine's cores allow (at most 4) while each thread gets at least
 * MIN_EXAMPLES_PER_THREAD examples. A number passes through after validation.
 */
export async function chooseTrainThreads(options: {
  threads?: number | 'auto';
  batchSize: number;
  implementation?: 'fused' | 'layers';
}): Promise<number> {
  const { threads = 'auto', batchSize, implementation = 'fused' } = options;
  if (threads !== 'auto') {
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new InvalidOptionError(`threads must be "auto" or an integer from 1 to 64, got ${JSON.stringify(threads)}`);
    }
    if (threads > 1 && implementation !== 'fused') {
      throw new InvalidOptionError(`threads ${threads} needs the fused implementation, got "${implementation}"`);
    }
    return threads;
  }
  const inNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string' &&
    typeof (globalThis as { document?: unknown }).document === 'undefined';
  const backend = tf.getBackend();
  if (!inNode || implementation !== 'fused' || (backend !== 'wasm' && backend !== 'cpu')) return 1;
  const os = (await import(/* @vite-ignore */ NODE_OS)) as typeof import('node:os');
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, MAX_AUTO_THREADS, Math.floor(batchSize / MIN_EXAMPLES_PER_THREAD)));
}

const NODE_OS = 'node:os';
