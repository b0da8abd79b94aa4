import type { KernelExports } from './kernel-module.js';

/** Byte offsets of a kernel instance's parameter-sized regions. */
export interface ParameterRegions {
  params: number;
  grads: number;
  firstMoments: number;
  secondMoments: number;
}

/** Those and the regions every kernel's chunked `compute` uses: a chunk's inputs, targets, argmax predictions and gradients. */
export interface KernelRegions extends ParameterRegions {
  chunkGrads: number;
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
 * The parameter side of a kernel instance, shared by the encoder-decoder's (KernelGradients) and
 * the aligned model's (AlignedGradients): views of the weights, the gradients and Adam's moments
 * in the kernel's memory, flat in the model's kernel order, and the updates on them.
 */
export abstract class KernelParameters {
  readonly parameters: number;
  protected readonly kernel: KernelExports;

  protected constructor(kernel: KernelExports, parameters: number) {
    this.kernel = kernel;
    this.parameters = parameters;
  }

  /** Where the regions are now (they stay in place when the batch buffers grow). */
  protected abstract regions(): KernelRegions;

  /** Argmax predictions of every chunk of the last `compute` that had more than one. */
  private allPredicted: Int32Array | undefined;

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

  /**
   * Runs a batch in chunks of at most `chunkSize` examples, one after the other (the working set
   * stays in cache): copies each chunk's `per.inputs` and `per.targets` values per example into
   * the kernel, runs `chunk(size)` (the chunk's mean loss, its gradients in `chunkGrads`) and sums
   * the gradients weighted by size. The split is fixed, so results are reproducible. Returns the
   * batch's mean loss; `lastPredicted` then reads the `per.predicted` argmax values per example.
   */
  protected computeInChunks(
    inputs: Float32Array,
    targets: Float32Array,
    batch: number,
    chunkSize: number,
    per: { inputs: number; targets: number; predicted: number },
    chunk: (size: number) => number,
  ): number {
    const k = this.kernel;
    const m = this.regions();
    let loss = 0;
    let predicted: Int32Array | undefined;
    for (let start = 0; start < batch; start += chunkSize) {
      const size = Math.min(chunkSize, batch - start);
      const memory = k.memory.buffer;
      new Float32Array(memory, m.x, size * per.inputs).set(inputs.subarray(start * per.inputs, (start + size) * per.inputs));
      new Float32Array(memory, m.y, size * per.targets).set(targets.subarray(start * per.targets, (start + size) * per.targets));
      const weight = size / batch;
      loss += chunk(size) * weight;
      k.axpy(m.grads, m.chunkGrads, this.parameters, weight, start === 0 ? 0 : 1);
      if (size < batch) {
        predicted ??= new Int32Array(batch * per.predicted);
        predicted.set(new Int32Array(memory, m.predicted, size * per.predicted), start * per.predicted);
      }
    }
    this.allPredicted = predicted;
    return loss;
  }

  /** The first `count` argmax predictions of the last `compute`. */
  protected lastPredicted(count: number): Int32Array {
    if (this.allPredicted) return this.allPredicted.subarray(0, count);
    return new Int32Array(this.kernel.memory.buffer, this.regions().predicted, count);
  }

  /** Applies one Adam update to the weights from the gradients and the moments (see assembly's `adam`). */
  adam(hyper: AdamHyper): void {
    const f = Math.fround;
    const r = this.regions();
    this.kernel.adam(r.params, r.grads, r.firstMoments, r.secondMoments, this.parameters,
      f(hyper.beta1), f(1 - hyper.beta1), f(hyper.beta2), f(1 - hyper.beta2),
      f(hyper.oneMinusAccBeta1), f(hyper.oneMinusAccBeta2), f(hyper.epsilon), f(-hyper.learningRate));
  }
}
