import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, InvalidOptionError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import { createFusedTrainStep } from './fused/index.js';
import { createKernelTrainStep, KernelUnsupportedError } from './kernel/kernel-train-step.js';
import { crossEntropyFromLogits, modelLogits } from './loss.js';
import { getMetadata, IMPLEMENTATIONS, type Implementation } from './metadata.js';
import { createAlignedKernelTrainStep } from './aligned/aligned-train-step.js';

import type { TrainStep, TrainStepOptions } from './train-step-types.js';
import { checkClipNorm } from './check-limits.js';

export type { TrainStep, TrainStepOptions, TrainStepResult } from './train-step-types.js';

/**
 * Checks what every step factory takes: a tfjs-layers model and options with an optimizer.
 * Throws InvalidArgumentError / InvalidOptionError naming the argument (`where` names the function).
 */
export function checkStepArguments(where: string, model: unknown, options: unknown): void {
  const isModel = typeof model === 'object' && model !== null && typeof (model as tf.LayersModel).getWeights === 'function' && Array.isArray((model as tf.LayersModel).layers);
  if (!isModel) throw new InvalidArgumentError(`${where}: model must be a tf.LayersModel (from createModel or loadModel), got ${describeValue(model)}`);
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`${where}: options must be an object with an optimizer, e.g. { optimizer: tf.train.adam(0.001) }, got ${describeValue(options)}`);
  }
  const optimizer = (options as { optimizer?: unknown }).optimizer;
  if (typeof optimizer !== 'object' || optimizer === null || typeof (optimizer as tf.Optimizer).applyGradients !== 'function') {
    throw new InvalidOptionError(`${where}: options.optimizer must be a tf.Optimizer, e.g. tf.train.adam(0.001), got ${describeValue(optimizer)}`);
  }
}

/** Attaches what runs, and why it replaced what was asked for, to a step. */
export function describeStep<T extends TrainStep>(step: T, implementation: Implementation, fallbackReason?: string): T {
  Object.defineProperty(step, 'implementation', { value: implementation, enumerable: true });
  if (fallbackReason !== undefined) Object.defineProperty(step, 'fallbackReason', { value: fallbackReason, enumerable: true });
  return step;
}

function clipByGlobalNorm(gradients: tf.Tensor[], clipNorm: number): tf.Tensor[] {
  const norm = tf.sqrt(tf.addN(gradients.map((gradient) => tf.sum(tf.square(gradient)))));
  const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  return gradients.map((gradient) => tf.mul(gradient, scale));
}

function createLayersTrainStep(model: tf.LayersModel, optimizer: tf.Optimizer, clipNorm: number | undefined): TrainStep {
  const variables = model.trainableWeights.map((weight) => (weight as unknown as { val: tf.Variable }).val);
  return (inputs, targets) => {
    let predicted: tf.Tensor2D | undefined;
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        // The loss of every implementation (loss.ts): exact log-softmax of the pre-activations.
        const logits = modelLogits(model, inputs, true);
        predicted = tf.keep(tf.argMax(logits, -1).toInt() as tf.Tensor2D);
        return crossEntropyFromLogits(targets, logits);
      }, variables);
      let list = variables.map((variable) => grads[variable.name]!);
      if (clipNorm !== undefined) list = clipByGlobalNorm(list, clipNorm);
      optimizer.applyGradients(variables.map((variable, i) => ({ name: variable.name, tensor: list[i]! })));
      return value;
    });
    return { loss, predicted: predicted! };
  };
}

/**
 * A training step for a model made by `createModel`. All implementations compute the same loss
 * (cross-entropy from the exact log-softmax, see loss.ts) and update the model's own variables:
 * `kernel` runs the whole step in the WebAssembly SIMD kernel (see kernel/), `fused` in large
 * tfjs operations (see fused/), `layers` by autodiff of the layers graph. Where the kernel cannot
 * load (no WebAssembly SIMD) or cannot compute the model, `kernel` falls back to `fused` and the
 * step's `fallbackReason` says why.
 */
export function createTrainStep(model: tf.LayersModel, options: TrainStepOptions): TrainStep {
  checkStepArguments('createTrainStep', model, options);
  const { optimizer, clipNorm } = options;
  if (clipNorm !== undefined) checkClipNorm(clipNorm);
  const implementation = options.implementation ?? getMetadata(model).architecture.implementation;
  if (!IMPLEMENTATIONS.includes(implementation)) {
    throw new InvalidOptionError(`implementation must be one of ${IMPLEMENTATIONS.map((name) => `"${name}"`).join(', ')}, got ${JSON.stringify(implementation)}`);
  }
  const clip = clipNorm === undefined ? {} : { clipNorm };
  let fallbackReason: string | undefined;
  // A plain tfjs model without addrnn metadata (given an implementation) is an encoder-decoder.
  const saved = model.getUserDefinedMetadata() as { architecture?: { family?: string } } | undefined;
  if (saved?.architecture?.family === 'aligned') {
    if (implementation === 'fused') throw new InvalidOptionError('implementation "fused" computes the encoder-decoder only; an aligned model trains with "kernel" or "layers"');
    if (implementation === 'kernel') {
      try {
        return describeStep(createAlignedKernelTrainStep(model, { optimizer, ...clip }), 'kernel');
      } catch (error) {
        if (!(error instanceof KernelUnsupportedError)) throw error;
        fallbackReason = error.message;
      }
    }
    return describeStep(createLayersTrainStep(model, optimizer, clipNorm), 'layers', fallbackReason);
  }
  if (implementation === 'kernel') {
    try {
      return describeStep(createKernelTrainStep(model, { optimizer, ...clip }), 'kernel');
    } catch (error) {
      if (!(error instanceof KernelUnsupportedError)) throw error;
      fallbackReason = error.message;
    }
  }
  if (implementation === 'layers') return describeStep(createLayersTrainStep(model, optimizer, clipNorm), 'layers');
  return describeStep(createFusedTrainStep(model, { optimizer, ...clip }), 'fused', fallbackReason);
}
