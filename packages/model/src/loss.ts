import * as tf from '@tensorflow/tfjs';
import { alignedVariables } from './aligned/aligned-model.js';
import { passesOf } from './aligned/column-layouts.js';
import { IncompatibleModelError } from './errors.js';

/**
 * The loss of every addrnn training step and of validation: categorical cross-entropy from the
 * exact log-softmax of the output layer's pre-activations, averaged over examples and answer
 * positions. Unlike tf.metrics.categoricalCrossentropy on probabilities, it does not clip at
 * 1e-7, so a confidently wrong answer costs its true loss and keeps its gradient.
 */
export const LOSS_NAME = 'cross-entropy (exact log-softmax)';

// tfjs-layers keeps these on the layer objects without exporting their types.
interface OutputLayerLike {
  getClassName(): string;
  layer?: { getClassName(): string; getConfig(): Record<string, unknown>; trainableWeights: { originalName?: string; name: string; read(): tf.Tensor }[] };
}

/**
 * The model's output pre-activations [batch, answerLength, vocabulary]: every layer as stock
 * tfjs-layers runs it, then the TimeDistributed Dense without its softmax.
 */
export function modelLogits(model: tf.LayersModel, inputs: tf.Tensor3D, training = false): tf.Tensor3D {
  return tf.tidy(() => {
    const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
    const output = layers[layers.length - 1] as unknown as OutputLayerLike;
    const dense = output.layer;
    if (output.getClassName() !== 'TimeDistributed' || !dense || dense.getClassName() !== 'Dense') {
      throw new IncompatibleModelError(`the model's last layer must be TimeDistributed(Dense), got ${output.getClassName()}`);
    }
    // A signed aligned model's example is two passes end to end, each from a fresh state:
    // [batch, 2 · steps, …] runs as [2 · batch, steps, …] (the same values) and is read back so.
    const [examples, totalSteps, width] = inputs.shape;
    const passes = alignedVariables(model) === undefined ? 1 : passesOf(width);
    let x: tf.Tensor = passes === 1 ? inputs : tf.reshape(inputs, [examples * passes, totalSteps / passes, width]);
    for (const layer of layers.slice(0, -1)) x = layer.apply(x, { training }) as tf.Tensor;
    const weight = (suffix: string) => dense.trainableWeights.find((w) => (w.originalName ?? w.name).endsWith(suffix))?.read();
    const kernel = weight('/kernel') as tf.Tensor2D;
    const bias = weight('/bias');
    const [batch, steps, units] = x.shape as [number, number, number];
    let logits: tf.Tensor = tf.matMul(tf.reshape(x, [batch * steps, units]) as tf.Tensor2D, kernel);
    if (bias) logits = tf.add(logits, bias);
    return tf.reshape(logits, [batch / passes, steps * passes, kernel.shape[1]]) as tf.Tensor3D;
  });
}

/** Mean cross-entropy of one-hot (or soft) `targets` under softmax(`logits`), both [batch, steps, vocabulary]. */
export function crossEntropyFromLogits(targets: tf.Tensor3D, logits: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => {
    const shifted = tf.sub(logits, tf.max(logits, -1, true));
    const logProbabilities = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
    const rows = targets.shape[0] * targets.shape[1];
    return tf.div(tf.neg(tf.sum(tf.mul(targets, logProbabilities))), rows) as tf.Scalar;
  });
}
