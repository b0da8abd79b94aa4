// What every network of the training kernel shares: its parameter regions (the weights, the
// gradients and Adam's moments, flat in the description's order), running a batch in chunks,
// and the updates on the parameters. Loaded by the gradient workers too: imports nothing at
// run time outside this folder.
import type { KernelExports } from './kernel-module.js';
import type { KernelModelDescription } from './model-description.js';
import { FLOAT, type ParameterRegions } from './memory-layout.js';

/** The parameter regions and the regions every network's chunked `compute` uses: a chunk's inputs, targets and argmax predictions. */
export interface NetworkRegions extends ParameterRegions {
  x: number;
  y: number;
  predicted: number;
}

/** One Adam update's hyperparameters (see assembly's `adam`). */
export interface AdamHyper {
  beta1: number;
  beta2: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  learningRate: number;
}

/**
 * One instance of the training kernel laid out for one network (the encoder-decoder's or the
 * aligned model's): the host writes the weights and a batch, `compute` writes the mean loss's
 * gradients, the loss and the argmax predictions. Not thread-safe; one per thread.
 */
export abstract class KernelNetwork {
  readonly description: KernelModelDescription;
  readonly parameters: number;
  protected readonly kernel: KernelExports;
  /** Argmax predictions of every chunk of the last `compute` that had more than one. */
  private allPredicted: Int32Array | undefined;
  private predictedCount = 0;

  protected constructor(kernel: KernelExports, description: KernelModelDescription) {
    this.kernel = kernel;
    this.description = description;
    this.parameters = description.parameterCount;
  }

  /** Examples per chunk of `compute` when the caller names none: what runs fastest for this network. */
  abstract readonly preferredChunk: number;

  /** Where the regions are now (the parameter regions stay in place when the batch buffers grow). */
  protected abstract regions(): NetworkRegions;

  /**
   * Forward and backward for `batch` examples: `inputs` [batch, input steps, inputSize] and
   * one-hot `targets` [batch, output steps, outputSize]. Returns the mean cross-entropy (exact
   * log-softmax) over examples and output steps; its gradients are in `gradients()`. The batch
   * runs in chunks of at most `chunkSize` examples, one after the other, whose gradients are
   * summed weighted by size: the working set stays in cache, and the fixed split keeps results
   * reproducible.
   */
  abstract compute(inputs: Float32Array, targets: Float32Array, batch: number, chunkSize?: number): number;

  /**
   * The forward pass and the loss alone, as `compute` runs them: the mean cross-entropy over
   * examples and output steps, and `predicted()`. The gradients are left as they were.
   */
  abstract forward(inputs: Float32Array, targets: Float32Array, batch: number, chunkSize?: number): number;

  /** Byte offset of parameter `index`'s weights. */
  protected weight(index: number): number {
    return this.regions().params + this.description.parameters[index]!.offset * FLOAT;
  }

  /** Byte offset of parameter `index`'s gradients in the chunk's gradients. */
  protected gradient(index: number): number {
    return this.regions().chunkGrads + this.description.parameters[index]!.offset * FLOAT;
  }

  private view(offset: number): Float32Array {
    return new Float32Array(this.kernel.memory.buffer, offset, this.parameters);
  }

  /** The weights; write them before `compute`. (A fresh view: memory may grow.) */
  weights(): Float32Array {
    return this.view(this.regions().params);
  }

  /** The gradients of the mean loss, after `compute`. */
  gradients(): Float32Array {
    return this.view(this.regions().grads);
  }

  /** Adam's first moments (a fresh view). */
  firstMoments(): Float32Array {
    return this.view(this.regions().firstMoments);
  }

  /** Adam's second moments (a fresh view). */
  secondMoments(): Float32Array {
    return this.view(this.regions().secondMoments);
  }

  /** Scratch space of `parameters` floats, for another thread's gradients (valid until the next `compute`). */
  scratch(): Float32Array {
    return this.view(this.regions().chunkGrads);
  }

  /** gradients += weight · scratch, in SIMD. */
  addScratch(weight: number): void {
    const m = this.regions();
    this.kernel.axpy(m.grads, m.chunkGrads, this.parameters, weight, 1);
  }

  /** Copies the weights from byte `offset` of this memory (another thread's weights in a shared memory). */
  copyWeightsFrom(offset: number): void {
    const params = this.regions().params;
    new Uint8Array(this.kernel.memory.buffer).copyWithin(params, offset, offset + this.parameters * FLOAT);
  }

  /** gradients += weight · the `parameters` floats at byte `offset` of this memory (another thread's gradients in a shared memory), in SIMD. */
  addGradientsAt(offset: number, weight: number): void {
    this.kernel.axpy(this.regions().grads, offset, this.parameters, weight, 1);
  }

  /** Bytes of the kernel's own memory (it grows with the largest chunk, never per step). */
  memoryBytes(): number {
    return this.kernel.memory.buffer.byteLength;
  }

  /** Σ g² over all gradients, in a fixed order. */
  gradientSquares(): number {
    return this.kernel.sumOfSquares(this.regions().grads, this.parameters);
  }

  /** Multiplies every gradient by `factor`. */
  scaleGradients(factor: number): void {
    this.kernel.scale(this.regions().grads, this.parameters, factor);
  }

  /** Argmax predictions [batch, output steps] of the last `compute` (valid until the next one). */
  predicted(): Int32Array {
    if (this.allPredicted) return this.allPredicted.subarray(0, this.predictedCount);
    return new Int32Array(this.kernel.memory.buffer, this.regions().predicted, this.predictedCount);
  }

  /**
   * Runs a batch in chunks of at most `chunkSize` examples: copies each chunk's `per.inputs` and
   * `per.targets` values per example into the kernel, runs `chunk(size)` (the chunk's mean loss,
   * its gradients in `chunkGrads`) and sums the gradients weighted by size. Returns the batch's
   * mean loss; `predicted` then reads the `per.predicted` argmax values per example. With
   * `gradients` false (a forward pass) the chunks' gradients are not summed.
   */
  protected computeInChunks(
    inputs: Float32Array,
    targets: Float32Array,
    batch: number,
    chunkSize: number,
    per: { inputs: number; targets: number; predicted: number },
    chunk: (size: number) => number,
    gradients = true,
  ): number {
    const k = this.kernel;
    let loss = 0;
    let predicted: Int32Array | undefined;
    for (let start = 0; start < batch; start += chunkSize) {
      const size = Math.min(chunkSize, batch - start);
      const m = this.regions();
      const memory = k.memory.buffer;
      new Float32Array(memory, m.x, size * per.inputs).set(inputs.subarray(start * per.inputs, (start + size) * per.inputs));
      new Float32Array(memory, m.y, size * per.targets).set(targets.subarray(start * per.targets, (start + size) * per.targets));
      const weight = size / batch;
      loss += chunk(size) * weight;
      if (gradients) k.axpy(m.grads, m.chunkGrads, this.parameters, weight, start === 0 ? 0 : 1);
      if (size < batch) {
        predicted ??= new Int32Array(batch * per.predicted);
        predicted.set(new Int32Array(memory, m.predicted, size * per.predicted), start * per.predicted);
      }
    }
    this.allPredicted = predicted;
    this.predictedCount = batch * per.predicted;
    return loss;
  }

  /** Applies one Adam update to the weights from the gradients and the moments (see assembly's `adam`): all of them, or floats [start, start + count). */
  adam(hyper: AdamHyper, start = 0, count = this.parameters - start): void {
    adamOn(this.kernel, this.regions(), adamArguments(hyper), start, count);
  }
}

/** The kernel's `adam` hyperparameter arguments, as float32: beta1, 1 - beta1, beta2, 1 - beta2, 1 - beta1^t, 1 - beta2^t, epsilon, -rate. */
export function adamArguments(hyper: AdamHyper): Float32Array {
  const f = Math.fround;
  return Float32Array.of(f(hyper.beta1), f(1 - hyper.beta1), f(hyper.beta2), f(1 - hyper.beta2), f(hyper.oneMinusAccBeta1), f(hyper.oneMinusAccBeta2), f(hyper.epsilon), f(-hyper.learningRate));
}

/** One Adam update of floats [start, start + count) of the parameter regions `r` in `kernel`'s memory, with `adamArguments`. Elementwise: a part updates exactly as the whole would. */
export function adamOn(kernel: KernelExports, r: ParameterRegions, a: Float32Array, start: number, count: number): void {
  const at = start * FLOAT;
  kernel.adam(r.params + at, r.grads + at, r.firstMoments + at, r.secondMoments + at, count, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!);
}
