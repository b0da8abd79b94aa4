// Shared by the aligned model's tests only; nothing in the package imports it.
import * as tf from '@tensorflow/tfjs';
import { describeKernelModel } from '../kernel-adapter/describe-model.js';
import { readWeights } from '../kernel-adapter/kernel-test-helpers.js';
import { AlignedNetwork } from '../kernel/aligned-network.js';
import { instantiateKernel } from '../kernel/kernel-module.js';
import type { AlignedDescription } from '../kernel/model-description.js';
import { crossEntropyFromLogits, modelLogits } from '../loss.js';
import { createTrainStep } from '../train-step.js';
import type { Implementation } from '../architecture.js';
import { alignedVariables } from './aligned-model.js';

/** One variable's gradient from the kernel beside tfjs autodiff's. */
export interface GradientPair {
  name: string;
  kernel: Float32Array;
  stock: Float32Array;
}

/**
 * The kernel's loss and gradients for an aligned model's weights on one batch, beside tfjs
 * autodiff's of the exact loss, variable by variable in kernel order; `network` holds the
 * kernel's predictions. Disposes every tensor it made.
 */
export function kernelBesideAutodiff(model: tf.LayersModel, inputs: tf.Tensor3D, targets: tf.Tensor3D, chunk?: number): { network: AlignedNetwork; loss: number; stockLoss: number; gradients: GradientPair[] } {
  const variables = alignedVariables(model)!;
  const network = new AlignedNetwork(describeKernelModel(model).description as AlignedDescription, instantiateKernel());
  readWeights(variables, network.weights());
  const loss = network.compute(inputs.dataSync() as Float32Array, targets.dataSync() as Float32Array, inputs.shape[0], chunk);
  const stock = tf.variableGrads(() => crossEntropyFromLogits(targets, modelLogits(model, inputs, true)), variables);
  const all = network.gradients();
  let offset = 0;
  const gradients = variables.map((variable) => {
    const pair = { name: variable.name, kernel: all.slice(offset, offset + variable.size), stock: stock.grads[variable.name]!.dataSync() as Float32Array };
    offset += variable.size;
    return pair;
  });
  const stockLoss = stock.value.dataSync()[0]!;
  tf.dispose([stock.value, Object.values(stock.grads)]);
  return { network, loss, stockLoss, gradients };
}

/** What {@link trainEachWay} gives per implementation. */
export interface TrainedWay {
  implementation: Implementation | undefined;
  losses: number[];
  weights: number[][];
  predictedShapes: number[][];
}

/**
 * Three `createTrainStep` steps (Adam 0.01, clipping at 1) on the same batch, once with the model
 * `create('kernel')` builds and once with `create('layers')`'s: each step's loss and predictions'
 * shape, and the weights after. Disposes everything it made.
 */
export function trainEachWay(create: (implementation: Implementation) => tf.LayersModel, batch: () => [tf.Tensor3D, tf.Tensor3D]): TrainedWay[] {
  return (['kernel', 'layers'] as const).map((implementation) => {
    const model = create(implementation);
    const optimizer = tf.train.adam(0.01);
    const step = createTrainStep(model, { optimizer, clipNorm: 1 });
    const [inputs, targets] = batch();
    const losses: number[] = [];
    const predictedShapes: number[][] = [];
    for (let i = 0; i < 3; i += 1) {
      const { loss, predicted } = step(inputs, targets);
      predictedShapes.push(predicted.shape);
      losses.push(loss.dataSync()[0]!);
      tf.dispose([loss, predicted]);
    }
    const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
    tf.dispose([inputs, targets]);
    optimizer.dispose();
    model.dispose();
    return { implementation: step.implementation, losses, weights, predictedShapes };
  });
}
