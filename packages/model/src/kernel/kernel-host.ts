// The training kernel's host: the parameters (one flat Float32Array in the kernel's memory, laid
// out by the model's description), Adam's moments and counters, clipping and the step, on typed
// arrays in and numbers out. No tfjs: the adapters at the edge (kernel-adapter/) read a tfjs
// model's weights in and write them out when something needs them.
import { InvalidArgumentError } from '@addrnn/codec';
import { checkClipNorm } from '../check-limits.js';
import { KernelUnsupportedError } from './kernel-errors.js';
import { instantiateKernel, type KernelExports } from './kernel-module.js';
import type { AdamHyper, KernelNetwork } from './kernel-network.js';
import type { NetworkPlacement } from './memory-layout.js';
import { batchSteps, type KernelModelDescription } from './model-description.js';
import { createNetwork } from './networks.js';

/** Adam's hyperparameters, as tfjs's AdamOptimizer holds them. */
export interface AdamSettings {
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Adam's running state besides the moments: the step count and beta1^t, beta2^t as float32. */
export interface AdamCounters {
  iterations: number;
  accBeta1: number;
  accBeta2: number;
}

/** One step's mean loss (a float32 value) and argmax predictions [batch, output steps] (valid until the next step). */
export interface KernelStepResult {
  loss: number;
  predicted: Int32Array;
}

/**
 * Work for this thread while worker threads compute their shards of a step, such as drawing the
 * next batch. A step on this thread alone does not call it.
 */
export type WhileWorkersRun = () => void;

/**
 * How a batch's gradients are computed into the network's `gradients()`: on this thread by
 * default, or split over threads (threads/), where it runs `whileWorkersRun` once this thread's
 * own shard is done. Returns the mean loss and the predictions.
 */
export type GradientPass = (inputs: Float32Array, targets: Float32Array, batch: number, whileWorkersRun?: WhileWorkersRun) => KernelStepResult;

/** How the Adam update is applied to the network's weights: on this thread by default, or split over threads (threads/). */
export type AdamUpdate = (hyper: AdamHyper) => void;

/** How `evaluate` runs the forward pass: on this thread by default, or split over threads (threads/). */
export type ForwardPass = (inputs: Float32Array, targets: Float32Array, batch: number) => KernelStepResult;

export interface KernelHostOptions {
  adam: AdamSettings;
  /** Adam's counters to continue from. @default a fresh optimizer's */
  counters?: AdamCounters;
  /** Clip the gradients by their global norm. */
  clipNorm?: number;
  /** Examples per chunk. @default the network's `preferredChunk` (32 for the encoder-decoder, 64 for the aligned model) */
  chunkSize?: number;
  /** Makes the gradient pass from the host's network. @default the network on this thread */
  pass?: (network: KernelNetwork, chunkSize: number) => GradientPass;
  /** Makes `evaluate`'s forward pass from the host's network. @default the network on this thread, in its preferred chunks */
  forward?: (network: KernelNetwork) => ForwardPass;
  /** Makes the Adam update from the host's network, e.g. split over threads (threads/). @default the network's own, on this thread */
  update?: (network: KernelNetwork) => AdamUpdate;
  /** Puts the network in a memory that training threads share: this thread's instance on it, and its share. @default a fresh instance with its own memory */
  shared?: { kernel: KernelExports; placement: NetworkPlacement };
}

/** A kernel instance, or KernelUnsupportedError where the kernel cannot compile here. */
export function newKernelInstance(): KernelExports {
  try {
    return instantiateKernel();
  } catch (error) {
    throw new KernelUnsupportedError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * Trains one model in the kernel: `step` computes a batch's gradients, clips them and applies
 * Adam (in tfjs's order of float32 operations) to the weights, with no tfjs call. The weights
 * and moments are views of the kernel's memory in the description's parameter order.
 */
export class KernelHost {
  readonly description: KernelModelDescription;
  readonly network: KernelNetwork;
  readonly counters: AdamCounters;
  readonly #adam: AdamSettings;
  readonly #clipNorm: number | undefined;
  readonly #pass: GradientPass;
  readonly #forward: ForwardPass;
  readonly #update: AdamUpdate;
  /** The error of an Adam update over threads that failed part way (the weights are then unusable). */
  #partlyUpdated: unknown;

  constructor(description: KernelModelDescription, options: KernelHostOptions) {
    if (options.clipNorm !== undefined) checkClipNorm(options.clipNorm);
    this.description = description;
    const shared = options.shared;
    this.network = createNetwork(description, shared?.kernel ?? newKernelInstance(), Math.min(options.chunkSize ?? 32, 32), shared?.placement);
    const chunkSize = options.chunkSize ?? this.network.preferredChunk;
    this.#adam = options.adam;
    this.counters = { ...(options.counters ?? { iterations: 0, accBeta1: Math.fround(options.adam.beta1), accBeta2: Math.fround(options.adam.beta2) }) };
    this.#clipNorm = options.clipNorm;
    const network = this.network;
    this.#pass = options.pass?.(network, chunkSize) ?? ((inputs, targets, batch) => ({ loss: network.compute(inputs, targets, batch, chunkSize), predicted: network.predicted() }));
    // In the network's preferred chunks, whatever the threads' shards are.
    this.#forward = options.forward?.(network) ?? ((inputs, targets, batch) => ({ loss: network.forward(inputs, targets, batch), predicted: network.predicted() }));
    this.#update = options.update?.(network) ?? ((hyper) => network.adam(hyper));
  }

  /** The weights, flat in the description's order (a fresh view: memory may grow). */
  weights(): Float32Array {
    this.#throwIfPartlyUpdated();
    return this.network.weights();
  }

  /** Adam's first moments, in the weights' order. */
  firstMoments(): Float32Array {
    this.#throwIfPartlyUpdated();
    return this.network.firstMoments();
  }

  /** Adam's second moments, in the weights' order. */
  secondMoments(): Float32Array {
    this.#throwIfPartlyUpdated();
    return this.network.secondMoments();
  }

  /** The gradients of the last `gradientStep`, clipped. */
  gradients(): Float32Array {
    return this.network.gradients();
  }

  /** Bytes of the kernel's memory on this thread. */
  memoryBytes(): number {
    return this.network.memoryBytes();
  }

  /**
   * One training step: gradients, clipping, Adam at `learningRate`. A step split over threads
   * runs `whileWorkersRun` while its workers compute; if that throws, the step ends there (the
   * workers finish first) and the weights stay as they were.
   */
  step(inputs: Float32Array, targets: Float32Array, batchSize: number, learningRate: number, whileWorkersRun?: WhileWorkersRun): KernelStepResult {
    if (!(typeof learningRate === 'number' && learningRate >= 0 && Number.isFinite(learningRate))) {
      throw new InvalidArgumentError(`the learning rate must be a finite number of at least 0, got ${String(learningRate)}`);
    }
    const result = this.gradientStep(inputs, targets, batchSize, whileWorkersRun);
    this.applyAdam(learningRate);
    return result;
  }

  /** The batch's mean loss and predictions, its gradients clipped in `gradients()`; the weights stay. */
  gradientStep(inputs: Float32Array, targets: Float32Array, batchSize: number, whileWorkersRun?: WhileWorkersRun): KernelStepResult {
    this.#throwIfPartlyUpdated();
    this.#checkBatch(inputs, targets, batchSize);
    const { loss, predicted } = this.#pass(inputs, targets, batchSize, whileWorkersRun);
    if (this.#clipNorm !== undefined) {
      // As tf's clipByGlobalNorm.
      const norm = Math.sqrt(this.network.gradientSquares());
      if (norm > this.#clipNorm) this.network.scaleGradients(this.#clipNorm / norm);
    }
    return { loss: Math.fround(loss), predicted };
  }

  /**
   * The forward pass alone, in chunks (on this thread, or split over threads as the `forward`
   * option says): the batch's mean loss and its predictions (valid until the next call or step).
   * The weights, the gradients and Adam's state stay.
   */
  evaluate(inputs: Float32Array, targets: Float32Array, batchSize: number): KernelStepResult {
    this.#throwIfPartlyUpdated();
    this.#checkBatch(inputs, targets, batchSize);
    const { loss, predicted } = this.#forward(inputs, targets, batchSize);
    return { loss: Math.fround(loss), predicted };
  }

  /** One Adam update of the weights from the gradients, then the counters move on as tfjs's do. */
  applyAdam(learningRate: number): void {
    const f = Math.fround;
    const { beta1, beta2, epsilon } = this.#adam;
    const counters = this.counters;
    this.#throwIfPartlyUpdated();
    let failure: unknown;
    try {
      this.#update({ beta1, beta2, oneMinusAccBeta1: f(1 - counters.accBeta1), oneMinusAccBeta2: f(1 - counters.accBeta2), epsilon, learningRate });
    } catch (error) {
      // An update over threads that failed part way leaves weights nobody may use; one that
      // failed before a thread began its part was finished here and counts as applied.
      if ((error as { partialUpdate?: boolean }).partialUpdate === true) {
        this.#partlyUpdated = error;
        throw error;
      }
      failure = error;
    }
    counters.accBeta1 = f(counters.accBeta1 * f(beta1));
    counters.accBeta2 = f(counters.accBeta2 * f(beta2));
    counters.iterations += 1;
    if (failure !== undefined) throw failure;
  }

  #throwIfPartlyUpdated(): void {
    if (this.#partlyUpdated !== undefined) throw this.#partlyUpdated;
  }

  #checkBatch(inputs: Float32Array, targets: Float32Array, batch: number): void {
    const { inputSize, outputSize } = this.description;
    const steps = Number.isInteger(batch) && batch >= 1 ? batchSteps(this.description, batch, inputs.length) : undefined;
    if (steps === undefined || inputs.length !== batch * steps.input * inputSize || targets.length !== batch * steps.output * outputSize) {
      const fixed = this.description.fixedSteps;
      const wanted = fixed ? `${batch * fixed.input * inputSize} input and ${batch * fixed.output * outputSize} target values` : `batch · steps · ${inputSize} input and batch · steps · ${outputSize} target values`;
      throw new InvalidArgumentError(`a training batch of ${String(batch)} examples needs ${wanted}, got ${inputs.length} and ${targets.length}`);
    }
  }
}
