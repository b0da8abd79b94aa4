import * as tf from '@tensorflow/tfjs';
import { AddrnnError, InvalidOptionError } from '@addrnn/codec';
import { hasMarker, markerOf } from '@addrnn/codec/internal';
import { readFusedModelSpec, variablesByRole, type FusedModelSpec } from '../fused/model-spec.js';
import type { TrainStep } from '../train-step-types.js';
import { KernelGradients } from './kernel-gradients.js';
import type { KernelModel, KernelShape } from './kernel-layout.js';
import { instantiateKernel, type KernelExports } from './kernel-module.js';
import type { KernelParameters } from './kernel-parameters.js';
import { KernelOptimizer, type KernelMemory } from './kernel-optimizer.js';

const KERNEL_UNSUPPORTED = markerOf('error.KernelUnsupportedError');

/** A model or place the WebAssembly training kernel cannot handle; callers fall back to the fused step. */
export class KernelUnsupportedError extends AddrnnError {
  private readonly [KERNEL_UNSUPPORTED] = true;

  constructor(reason: string, options?: ErrorOptions) {
    super('KERNEL_UNSUPPORTED', `The WebAssembly training kernel cannot train this model: ${reason}.`, options);
    this.name = 'KernelUnsupportedError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is KernelUnsupportedError {
    return hasMarker(value, KERNEL_UNSUPPORTED);
  }
}

export interface KernelTrainStepOptions {
  /** The caller owns it (learning-rate schedule, slots). */
  optimizer: tf.Optimizer;
  /** Clip the gradients by their global norm. */
  clipNorm?: number;
}

/** A training step run by the kernel; `kernelMemoryBytes` is the size of its WebAssembly memory. */
export type KernelTrainStep = TrainStep & { kernelMemoryBytes(): number };

export type { KernelModel };

/**
 * Reads what the kernel needs, or throws KernelUnsupportedError naming the difference: the
 * kernel computes LSTM (sigmoid gates) -> RepeatVector -> LSTM -> TimeDistributed(Dense softmax).
 */
export function readKernelModel(model: tf.LayersModel): KernelModel {
  let spec: FusedModelSpec;
  try {
    spec = readFusedModelSpec(model);
  } catch (error) {
    throw new KernelUnsupportedError(error instanceof Error ? error.message.replace(/^The fused training step does not support this model: /, '').replace(/\. Use implementation 'layers'\.$/, '') : String(error), { cause: error });
  }
  for (const [role, lstm] of [['encoder', spec.encoder], ['decoder', spec.decoder]] as const) {
    if (lstm.gateActivation !== 'sigmoid') throw new KernelUnsupportedError(`the ${role} LSTM has ${lstm.gateActivation} gates (the kernel computes sigmoid gates)`);
  }
  const variables = variablesByRole(spec);
  return {
    spec,
    variables,
    trainableIndex: spec.trainable.map((variable) => variables.indexOf(variable)),
    shape: {
      questionLength: spec.questionLength,
      vocabularySize: spec.vocabularySize,
      answerLength: spec.answerLength,
      outputSize: spec.outputSize,
      encoderUnits: spec.encoder.units,
      decoderUnits: spec.decoder.units,
    },
  };
}

/** Checks a batch against the model before anything is computed. */
export function checkBatch(shape: KernelShape, inputs: tf.Tensor3D, targets: tf.Tensor3D): number {
  const batch = inputs.shape[0];
  const wantedInputs = [batch, shape.questionLength, shape.vocabularySize];
  const wantedTargets = [batch, shape.answerLength, shape.outputSize];
  if (inputs.shape.join() !== wantedInputs.join() || targets.shape.join() !== wantedTargets.join() || batch < 1) {
    throw new InvalidOptionError(
      `a training batch needs inputs [${wantedInputs.join(', ')}] and targets [${wantedTargets.join(', ')}], got [${inputs.shape.join(', ')}] and [${targets.shape.join(', ')}]`,
    );
  }
  return batch;
}

/** Scales the gradients so that their global norm is at most clipNorm (as tf's clipByGlobalNorm). */
export function clipGradients(kernel: Pick<KernelGradients, 'gradientSquares' | 'scaleGradients'>, clipNorm: number | undefined): void {
  if (clipNorm === undefined) return;
  const norm = Math.sqrt(kernel.gradientSquares());
  if (norm > clipNorm) kernel.scaleGradients(clipNorm / norm);
}

/**
 * A training step computed by the WebAssembly SIMD kernel on this thread: forward through both
 * LSTMs, back-propagation through time, softmax cross-entropy, with no tfjs operation in the
 * loop; `optimizer` then updates the model's own variables. Throws KernelUnsupportedError for
 * models it cannot compute, or where the kernel cannot be compiled.
 */
export function createKernelTrainStep(model: tf.LayersModel, options: KernelTrainStepOptions): KernelTrainStep {
  const { optimizer, clipNorm } = options;
  if (clipNorm !== undefined && !(typeof clipNorm === 'number' && clipNorm > 0 && Number.isFinite(clipNorm))) {
    throw new InvalidOptionError(`clipNorm must be a positive number, got ${String(clipNorm)}`);
  }
  const kernelModel = readKernelModel(model);
  const { shape } = kernelModel;
  const kernel = newKernelInstance((exports) => new KernelGradients(shape, 32, exports));
  return kernelTrainStep(kernel, new KernelOptimizer(kernelModel, optimizer), clipNorm, (inputs, targets) => {
    const batch = checkBatch(shape, inputs, targets);
    return () => {
      const loss = kernel.compute(inputs.dataSync() as Float32Array, targets.dataSync() as Float32Array, batch);
      return { loss, predicted: kernel.predicted(batch), shape: [batch, shape.answerLength] };
    };
  });
}

/** A kernel instance made by `make`, or KernelUnsupportedError where the kernel cannot compile here. */
export function newKernelInstance<T>(make: (exports: KernelExports) => T): T {
  try {
    return make(instantiateKernel());
  } catch (error) {
    throw new KernelUnsupportedError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * The step around a kernel instance, for every model the kernel computes: `prepare` checks a
 * batch and returns its computation; then the weights are synced in, the batch computed, the
 * gradients clipped, the predictions read and the update applied to the model's variables.
 */
export function kernelTrainStep(
  kernel: Pick<KernelParameters, 'gradientSquares' | 'scaleGradients' | 'memoryBytes'> & KernelMemory,
  updates: KernelOptimizer,
  clipNorm: number | undefined,
  prepare: (inputs: tf.Tensor3D, targets: tf.Tensor3D) => () => { loss: number; predicted: Int32Array; shape: [number, number] },
): KernelTrainStep {
  const step = ((inputs: tf.Tensor3D, targets: tf.Tensor3D) => {
    const compute = prepare(inputs, targets);
    updates.syncWeights(kernel);
    const { loss, predicted, shape } = compute();
    clipGradients(kernel, clipNorm);
    const predictedTensor = tf.tensor2d(predicted.slice(), shape, 'int32');
    updates.apply(kernel);
    return { loss: tf.scalar(loss), predicted: predictedTensor };
  }) as KernelTrainStep;
  step.kernelMemoryBytes = () => kernel.memoryBytes();
  return step;
}
