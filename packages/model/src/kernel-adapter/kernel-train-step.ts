// The tfjs edge of the training kernel, part three: createTrainStep's 'kernel' implementation,
// a kernel host behind the tensor API, and the same host on typed arrays for the trainer.
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { checkClipNorm } from '../check-limits.js';
import { KernelHost, type KernelHostOptions } from '../kernel/kernel-host.js';
import type { KernelModelDescription } from '../kernel/model-description.js';
import type { TrainStep } from '../train-step-types.js';
import { describeKernelModel, type DescribedModel } from './describe-model.js';
import { adamSettingsOf, TfjsMirror } from './tfjs-mirror.js';

export interface KernelTrainStepOptions {
  /** The caller owns it (learning-rate schedule, slots). */
  optimizer: tf.Optimizer;
  /** Clip the gradients by their global norm. */
  clipNorm?: number;
}

/** What the threaded step adds: the model already described, and the gradient and forward passes over its threads. */
export interface KernelTrainStepInternals {
  described?: DescribedModel;
  chunkSize?: number;
  pass?: KernelHostOptions['pass'];
  forward?: KernelHostOptions['forward'];
  shared?: KernelHostOptions['shared'];
  update?: KernelHostOptions['update'];
}

/** A training step run by the kernel; `kernelMemoryBytes` is the size of its WebAssembly memory. */
export type KernelTrainStep = TrainStep & { kernelMemoryBytes(): number };

/** The batch size of `inputs` and `targets`, or InvalidOptionError where their shapes do not fit the model. */
function checkTensorBatch(description: KernelModelDescription, inputs: tf.Tensor3D, targets: tf.Tensor3D): number {
  const [batch, steps] = inputs.shape;
  const { inputSize, outputSize, fixedSteps } = description;
  const wantedInputs = [batch, fixedSteps?.input ?? steps, inputSize];
  const wantedTargets = [batch, fixedSteps?.output ?? steps, outputSize];
  if (inputs.shape.join() !== wantedInputs.join() || targets.shape.join() !== wantedTargets.join() || batch < 1 || steps < 1) {
    const shapes = fixedSteps
      ? `inputs [${wantedInputs.join(', ')}] and targets [${wantedTargets.join(', ')}]`
      : `inputs [batch, steps, ${inputSize}] and targets [batch, steps, ${outputSize}] of the same batch and steps`;
    throw new InvalidOptionError(`a training batch needs ${shapes}, got [${inputs.shape.join(', ')}] and [${targets.shape.join(', ')}]`);
  }
  return batch;
}

/**
 * A training step computed by the WebAssembly SIMD kernel: forward through the model, back-
 * propagation through time, softmax cross-entropy and, with tfjs's Adam, the update, with no
 * tfjs operation in the loop. On tensors, the model's variables and the optimizer stay the
 * truth between steps (read when they change, written after each step); on typed arrays
 * (`step.arrays`, with Adam), the host keeps them until `sync()`. Throws KernelUnsupportedError
 * for models it cannot compute, or where the kernel cannot be compiled.
 */
export function createKernelTrainStep(model: tf.LayersModel, options: KernelTrainStepOptions, internals: KernelTrainStepInternals = {}): KernelTrainStep {
  const { optimizer, clipNorm } = options;
  if (clipNorm !== undefined) checkClipNorm(clipNorm);
  const described = internals.described ?? describeKernelModel(model);
  const { description } = described;
  const host = new KernelHost(description, {
    adam: adamSettingsOf(optimizer),
    ...(clipNorm === undefined ? {} : { clipNorm }),
    ...(internals.chunkSize === undefined ? {} : { chunkSize: internals.chunkSize }),
    ...(internals.pass ? { pass: internals.pass } : {}),
    ...(internals.forward ? { forward: internals.forward } : {}),
    ...(internals.shared ? { shared: internals.shared } : {}),
    ...(internals.update ? { update: internals.update } : {}),
  });
  // Reads the weights, and Adam's moments and counters, into the host.
  const mirror = new TfjsMirror(described, optimizer, host);
  const step = ((inputs: tf.Tensor3D, targets: tf.Tensor3D) => {
    const batch = checkTensorBatch(description, inputs, targets);
    mirror.readChanged();
    const { loss, predicted } = host.gradientStep(inputs.dataSync() as Float32Array, targets.dataSync() as Float32Array, batch);
    const predictedTensor = tf.tensor2d(predicted.slice(), [batch, predicted.length / batch], 'int32');
    if (mirror.adam) {
      host.applyAdam(mirror.learningRate);
      mirror.writeOut();
    } else {
      mirror.applyThroughOptimizer();
    }
    return { loss: tf.scalar(loss), predicted: predictedTensor };
  }) as KernelTrainStep & { arrays?: TrainStep['arrays'] };
  step.kernelMemoryBytes = () => host.memoryBytes();
  if (mirror.adam) {
    // Validation, the best model's save and the latest checkpoint each ask for the weights at
    // the same point of a run: only the first after a step writes them out.
    let unsynced = false;
    step.arrays = {
      step: (inputs, targets, batchSize, learningRate, whileWorkersRun) => {
        unsynced = true;
        return host.step(inputs, targets, batchSize, learningRate, whileWorkersRun);
      },
      sync: () => {
        if (!unsynced) return;
        mirror.writeOut();
        unsynced = false;
      },
      evaluate: (inputs, targets, batchSize) => host.evaluate(inputs, targets, batchSize),
    };
  }
  return step;
}
