import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, InvalidOptionError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import { IMPLEMENTATIONS, type ModelFamily } from './architecture.js';
import { modelFamily } from './families/registry.js';
import { getMetadata } from './metadata.js';

import type { TrainStep, TrainStepOptions } from './train-step-types.js';
import { checkClipNorm } from './check-limits.js';

export type { ArrayTrainStep, TrainStep, TrainStepOptions, TrainStepResult } from './train-step-types.js';
export { describeStep } from './layers-train-step.js';

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

/**
 * A training step for a model made by `createModel`, made by the model's family (see
 * families/). All implementations compute the same loss
 * (cross-entropy from the exact log-softmax, see loss.ts) and update the model's own variables:
 * `kernel` runs the whole step in the WebAssembly SIMD kernel (see kernel/), `fused` in large
 * tfjs operations (see fused/), `layers` by autodiff of the layers graph. Where the kernel cannot
 * load (no WebAssembly SIMD) or cannot compute the model, `kernel` falls back (to `fused` for the
 * encoder-decoder, to `layers` for the aligned family) and the step's `fallbackReason` says why.
 */
export function createTrainStep(model: tf.LayersModel, options: TrainStepOptions): TrainStep {
  checkStepArguments('createTrainStep', model, options);
  const { optimizer, clipNorm } = options;
  if (clipNorm !== undefined) checkClipNorm(clipNorm);
  const implementation = options.implementation ?? getMetadata(model).architecture.implementation;
  if (!IMPLEMENTATIONS.includes(implementation)) {
    throw new InvalidOptionError(`implementation must be one of ${IMPLEMENTATIONS.map((name) => `"${name}"`).join(', ')}, got ${JSON.stringify(implementation)}`);
  }
  // A plain tfjs model without addrnn metadata (given an implementation) is of the default family.
  const saved = model.getUserDefinedMetadata() as { architecture?: { family?: ModelFamily } } | undefined;
  return modelFamily(saved?.architecture?.family).createTrainStep(model, implementation, { optimizer, ...(clipNorm === undefined ? {} : { clipNorm }) });
}
