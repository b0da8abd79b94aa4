// The fused step's mathematics: loss, predictions and gradients by hand-written
// back-propagation through time, and gradient clipping. Gradient workers load this module, so it
// imports no @addrnn package; callers check batch shapes first (checkFusedBatch, train-step.ts).
import * as tf from '@tensorflow/tfjs';
import { installFastKernels } from './fast-kernels.js';
import { gateColumnScale, wholeWidthSigmoidGates } from './lstm-sigmoid.js';
import { hardSigmoidGates, lstmBackward, lstmForward, type GateStrategy } from './lstm-sequence.js';
import type { FusedModelSpec, LstmWeights } from './model-spec.js';

export interface FusedGradients {
  loss: tf.Scalar;
  predicted: tf.Tensor2D;
  /** One gradient per trainable variable, keyed by variable name, in `model.trainableWeights` order. */
  grads: tf.NamedTensorMap;
}

/** A plain product: wasm runs transposed matMul operands several times slower than an explicit transpose. */
function transposed(x: tf.Tensor): tf.Tensor2D {
  return tf.transpose(x) as tf.Tensor2D;
}

/** Column sums as a product with a row of ones: wasm reduces over a leading axis by transposing first. */
function columnSum(x: tf.Tensor): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, x.shape[0]!]), x as tf.Tensor2D), [x.shape[1]!]);
}

function productOfStacks(left: tf.Tensor[], right: tf.Tensor[], shape: [number, number]): tf.Tensor2D {
  if (left.length === 0) return tf.zeros(shape);
  return tf.matMul(transposed(tf.concat(left, 0)), tf.concat(right, 0));
}

/** One LSTM layer's time loop, run forward; `backward` back-propagates through it. */
interface LayerRun {
  hs: tf.Tensor[];
  backward(dhOut: (t: number) => tf.Tensor | null): { dz: tf.Tensor[] };
}

/** One LSTM layer as the fused step runs it: its weights as used, its time loop, its gradients. */
interface LayerRunner {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias: tf.Tensor;
  forward(projected: (t: number) => tf.Tensor, steps: number): LayerRun;
  /** Maps a gradient with respect to the weights as used back to the layer's own weights. */
  weightGrad(gradient: tf.Tensor): tf.Tensor;
}

function runnerWith<Saved>(
  kernel: tf.Tensor2D,
  recurrentKernel: tf.Tensor2D,
  bias: tf.Tensor,
  gates: GateStrategy<Saved>,
  weightGrad: (gradient: tf.Tensor) => tf.Tensor,
): LayerRunner {
  const recurrentKernelT = transposed(recurrentKernel);
  const forward = (projected: (t: number) => tf.Tensor, steps: number): LayerRun => {
    const run = lstmForward(projected, steps, recurrentKernel, gates);
    return { hs: run.hs, backward: (dhOut) => lstmBackward(run, dhOut, recurrentKernelT, gates) };
  };
  return { kernel, recurrentKernel, bias, forward, weightGrad };
}

/**
 * Sigmoid gates: whole-width gates with the g columns' scale folded into the weights (see
 * lstm-sigmoid.ts), about 40% fewer operations per time step. hardSigmoid: gate by gate.
 * Both share one time loop (lstm-sequence.ts).
 */
function layerRunner(weights: LstmWeights): LayerRunner {
  if (weights.gateActivation === 'sigmoid') {
    const scale = gateColumnScale(weights.units);
    const recurrentKernel = tf.mul(weights.recurrentKernel, scale) as tf.Tensor2D;
    const kernel = tf.mul(weights.kernel, scale) as tf.Tensor2D;
    return runnerWith(kernel, recurrentKernel, tf.mul(weights.bias, scale), wholeWidthSigmoidGates, (gradient) => tf.mul(gradient, scale));
  }
  const identity = (gradient: tf.Tensor) => gradient;
  return runnerWith(weights.kernel as tf.Tensor2D, weights.recurrentKernel as tf.Tensor2D, weights.bias, hardSigmoidGates, identity);
}

/**
 * Loss, argmax predictions and gradients of the whole model, by hand-written back-propagation
 * through time. Equal (up to float rounding) to tf.variableGrads over the stock layers.
 * Call inside tf.tidy or dispose the results.
 */
export function computeFusedGradients(spec: FusedModelSpec, inputs: tf.Tensor3D, targets: tf.Tensor3D): FusedGradients {
  const { dense } = spec;
  const [batch, questionLength, vocabularySize] = inputs.shape;
  const answerLength = spec.answerLength;
  const rows = batch * answerLength;
  // The one place the fused path registers its wasm kernels (idempotent; a no-op on other backends).
  if (tf.getBackend() === 'wasm') installFastKernels();
  const encoder = layerRunner(spec.encoder);
  const decoder = layerRunner(spec.decoder);

  // Forward. Time-major rows: step t is rows t*batch .. (t+1)*batch - 1.
  const x = tf.reshape(tf.transpose(inputs, [1, 0, 2]), [questionLength * batch, vocabularySize]) as tf.Tensor2D;
  const encoderProjected = tf.split(tf.add(tf.matMul(x, encoder.kernel), encoder.bias), questionLength, 0) as tf.Tensor2D[];
  const encoderRun = encoder.forward((t) => encoderProjected[t]!, questionLength);
  const encoded = encoderRun.hs[questionLength - 1]! as tf.Tensor2D;
  // RepeatVector: the decoder sees the same input at every step, so its projection is computed once.
  const decoderProjected = tf.add(tf.matMul(encoded, decoder.kernel), decoder.bias) as tf.Tensor2D;
  const decoderRun = decoder.forward(() => decoderProjected, answerLength);
  const decoded = tf.concat(decoderRun.hs, 0);
  const logits = tf.add(tf.matMul(decoded, dense.kernel as tf.Tensor2D), dense.bias) as tf.Tensor2D;
  const y = tf.reshape(tf.transpose(targets, [1, 0, 2]), [rows, spec.outputSize]) as tf.Tensor2D;
  // log-softmax from plain kernels: tf.logSoftmax records a custom gradient and costs ~1 ms a call.
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  const logProbabilities = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true)));
  const loss = tf.div(tf.neg(tf.sum(tf.mul(y, logProbabilities))), rows) as tf.Scalar;
  const predicted = tf.transpose(tf.reshape(tf.argMax(logits, 1), [answerLength, batch])) as tf.Tensor2D;

  // Backward. Softmax + cross-entropy: d loss / d logits = (p - y) / rows for one-hot targets.
  const dLogits = tf.div(tf.sub(tf.exp(logProbabilities), y), rows) as tf.Tensor2D;
  const dDenseKernel = tf.matMul(transposed(decoded), dLogits);
  const dDenseBias = columnSum(dLogits);
  const dDecoded = tf.split(tf.matMul(dLogits, transposed(dense.kernel as tf.Tensor2D)), answerLength, 0) as tf.Tensor2D[];

  const decoderBack = decoderRun.backward((t) => dDecoded[t]!);
  const dDecoderProjected = tf.addN(decoderBack.dz) as tf.Tensor2D;
  const dDecoderKernel = decoder.weightGrad(tf.matMul(transposed(encoded), dDecoderProjected));
  const dDecoderBias = decoder.weightGrad(columnSum(dDecoderProjected));
  const dDecoderRecurrent = decoder.weightGrad(productOfStacks(decoderRun.hs.slice(0, -1), decoderBack.dz.slice(1), decoder.recurrentKernel.shape));
  const dEncoded = tf.matMul(dDecoderProjected, transposed(decoder.kernel));

  const encoderBack = encoderRun.backward((t) => (t === questionLength - 1 ? dEncoded : null));
  const dEncoderProjected = tf.concat(encoderBack.dz, 0);
  const dEncoderKernel = encoder.weightGrad(tf.matMul(transposed(x), dEncoderProjected));
  const dEncoderBias = encoder.weightGrad(columnSum(dEncoderProjected));
  const dEncoderRecurrent = encoder.weightGrad(productOfStacks(encoderRun.hs.slice(0, -1), encoderBack.dz.slice(1), encoder.recurrentKernel.shape));

  const byVariable = new Map<tf.Variable, tf.Tensor>([
    [spec.encoder.kernel, dEncoderKernel],
    [spec.encoder.recurrentKernel, dEncoderRecurrent],
    [spec.encoder.bias, dEncoderBias],
    [spec.decoder.kernel, dDecoderKernel],
    [spec.decoder.recurrentKernel, dDecoderRecurrent],
    [spec.decoder.bias, dDecoderBias],
    [dense.kernel, dDenseKernel],
    [dense.bias, dDenseBias],
  ]);
  const grads: tf.NamedTensorMap = {};
  for (const variable of spec.trainable) grads[variable.name] = byVariable.get(variable)!;
  return { loss, predicted, grads };
}

/**
 * computeFusedGradients over `inputs` in chunks of at most `chunkSize` examples, one after the
 * other, with the gradients and loss averaged by chunk size: the same result up to float
 * rounding, with a working set that stays in cache (two threads at 256 examples each contend
 * for memory; at 64 each they scale). Call inside tf.tidy or dispose the results.
 */
export function computeChunkedGradients(spec: FusedModelSpec, inputs: tf.Tensor3D, targets: tf.Tensor3D, chunkSize: number): FusedGradients {
  const batch = inputs.shape[0];
  if (batch <= chunkSize) return computeFusedGradients(spec, inputs, targets);
  let loss: tf.Scalar | undefined;
  let grads: tf.NamedTensorMap | undefined;
  const predictions: tf.Tensor2D[] = [];
  for (let start = 0; start < batch; start += chunkSize) {
    const size = Math.min(chunkSize, batch - start);
    const weight = size / batch;
    const part = tf.tidy((): { loss: tf.Scalar; predicted: tf.Tensor2D; grads: tf.NamedTensorMap } => {
      const result = computeFusedGradients(spec, tf.slice(inputs, start, size), tf.slice(targets, start, size));
      const summed: tf.NamedTensorMap = {};
      for (const [name, gradient] of Object.entries(result.grads)) {
        summed[name] = grads ? tf.add(grads[name]!, tf.mul(gradient, weight)) : tf.mul(gradient, weight);
      }
      return { loss: (loss ? tf.add(loss, tf.mul(result.loss, weight)) : tf.mul(result.loss, weight)) as tf.Scalar, predicted: result.predicted, grads: summed };
    });
    if (loss) tf.dispose(loss);
    if (grads) tf.dispose(grads);
    loss = part.loss;
    grads = part.grads;
    predictions.push(part.predicted);
  }
  const predicted = tf.concat(predictions, 0) as tf.Tensor2D;
  tf.dispose(predictions);
  return { loss: loss!, predicted, grads: grads! };
}

/** Scales all gradients by clipNorm / max(global norm, clipNorm). */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  const names = Object.keys(grads);
  const squares = names.map((name) => tf.sum(tf.square(grads[name]!)));
  const norm = tf.sqrt(tf.addN(squares));
  const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  const clipped: tf.NamedTensorMap = {};
  for (const name of names) clipped[name] = tf.mul(grads[name]!, scale);
  return clipped;
}
