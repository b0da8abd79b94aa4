import type * as tf from '@tensorflow/tfjs';
import { FusedUnsupportedError } from '../errors.js';
import type { GateActivation } from './weight-roles.js';

export { FusedUnsupportedError } from '../errors.js';
export type { GateActivation } from './weight-roles.js';

/** The weights of one tfjs-layers LSTM: kernel [in, 4h], recurrent kernel [h, 4h], bias [4h]; gates i, f, c, o. */
export interface LstmWeights {
  kernel: tf.Variable;
  recurrentKernel: tf.Variable;
  bias: tf.Variable;
  units: number;
  gateActivation: GateActivation;
}

/**
 * What the fused step needs to know about a model: the layer chain
 * LSTM (last state) -> RepeatVector(n) -> LSTM (sequences) -> TimeDistributed(Dense(softmax)),
 * read off the model's own variables.
 */
export interface FusedModelSpec {
  encoder: LstmWeights;
  decoder: LstmWeights;
  dense: { kernel: tf.Variable; bias: tf.Variable };
  questionLength: number;
  vocabularySize: number;
  answerLength: number;
  outputSize: number;
  /** The model's trainable variables in `model.trainableWeights` order (the optimizer keys its slots by position). */
  trainable: tf.Variable[];
}

// tfjs-layers keeps these on the layer objects without exporting their types.
interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  trainableWeights: { name: string; originalName?: string; read(): tf.Tensor }[];
  layer?: LayerLike;
  cell?: { dropout?: number; recurrentDropout?: number };
  batchInputShape?: (number | null)[];
  inputSpec?: unknown;
}

function activationName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'className' in value) return String((value as { className: unknown }).className);
  return String(value);
}

/**
 * Who reads the model, for its errors: the fused step's by default; the kernel names itself and
 * throws its own error, so that each message is right where it is made.
 */
export interface SpecReader {
  /** How the chain it computes is named in a message, e.g. 'the fused step'. */
  name: string;
  /** The error for a model it cannot compute, from the reason. */
  unsupported(reason: string): Error;
}

const FUSED_READER: SpecReader = { name: 'the fused step', unsupported: (reason) => new FusedUnsupportedError(reason) };

function weightBySuffix(layer: LayerLike, suffix: string, reader: SpecReader): tf.Variable {
  const weight = layer.trainableWeights.find((w) => (w.originalName ?? w.name).endsWith(suffix));
  if (!weight) throw reader.unsupported(`layer ${layer.getClassName()} has no trainable '${suffix}' weight`);
  return weight.read() as tf.Variable;
}

function readLstm(layer: LayerLike, role: string, returnSequences: boolean, reader: SpecReader): LstmWeights {
  const config = layer.getConfig();
  const problems: string[] = [];
  if (activationName(config['activation']) !== 'tanh') problems.push(`activation ${activationName(config['activation'])} (need tanh)`);
  const gate = activationName(config['recurrentActivation']);
  if (gate !== 'sigmoid' && gate !== 'hardSigmoid') problems.push(`recurrentActivation ${gate} (need sigmoid or hardSigmoid)`);
  if (config['useBias'] === false) problems.push('useBias false');
  if (config['returnSequences'] !== returnSequences) problems.push(`returnSequences ${String(config['returnSequences'])}`);
  if (config['returnState']) problems.push('returnState');
  if (config['goBackwards']) problems.push('goBackwards');
  if (config['stateful']) problems.push('stateful');
  if (Number(config['dropout'] ?? 0) > 0 || Number(config['recurrentDropout'] ?? 0) > 0) problems.push('dropout');
  for (const key of ['kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer', 'activityRegularizer']) {
    if (config[key] != null) problems.push(key);
  }
  if (problems.length > 0) throw reader.unsupported(`${role} LSTM has ${problems.join(', ')}`);
  return {
    kernel: weightBySuffix(layer, '/kernel', reader),
    recurrentKernel: weightBySuffix(layer, '/recurrent_kernel', reader),
    bias: weightBySuffix(layer, '/bias', reader),
    units: Number(config['units']),
    gateActivation: gate as GateActivation,
  };
}

/**
 * Reads the fused step's view of `model`, or throws {@link FusedUnsupportedError} naming what differs.
 * Supported: one encoder LSTM, one decoder LSTM, no dropout, tanh cell activation, sigmoid or
 * hardSigmoid gates, Dense softmax output.
 */
export function readFusedModelSpec(model: tf.LayersModel, reader: SpecReader = FUSED_READER): FusedModelSpec {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw reader.unsupported('it needs one input and one output');
  const layers = (model.layers as unknown as LayerLike[]).filter((l) => l.getClassName() !== 'InputLayer');
  const kinds = layers.map((l) => (l.getClassName() === 'TimeDistributed' ? `TimeDistributed(${l.layer?.getClassName()})` : l.getClassName()));
  const expected = ['LSTM', 'RepeatVector', 'LSTM', 'TimeDistributed(Dense)'];
  if (kinds.join(',') !== expected.join(',')) {
    throw reader.unsupported(`its layers are ${kinds.join(' -> ')}, ${reader.name} handles ${expected.join(' -> ')}`);
  }
  const [encoderLayer, repeatLayer, decoderLayer, outputLayer] = layers as [LayerLike, LayerLike, LayerLike, LayerLike];
  const encoder = readLstm(encoderLayer, 'encoder', false, reader);
  const decoder = readLstm(decoderLayer, 'decoder', true, reader);
  const denseLayer = outputLayer.layer as LayerLike;
  const denseConfig = denseLayer.getConfig();
  if (activationName(denseConfig['activation']) !== 'softmax') {
    throw reader.unsupported(`output Dense activation is ${activationName(denseConfig['activation'])} (need softmax)`);
  }
  if (denseConfig['useBias'] === false) throw reader.unsupported('output Dense has useBias false');
  const dense = { kernel: weightBySuffix(denseLayer, '/kernel', reader), bias: weightBySuffix(denseLayer, '/bias', reader) };

  const inputShape = model.inputs[0]!.shape;
  const [, questionLength, vocabularySize] = inputShape;
  const answerLength = Number(repeatLayer.getConfig()['n']);
  if (typeof questionLength !== 'number' || typeof vocabularySize !== 'number') {
    throw reader.unsupported(`its input shape ${JSON.stringify(inputShape)} has no fixed length`);
  }
  const trainable = (model.trainableWeights as unknown as { read(): tf.Tensor }[]).map((w) => w.read() as tf.Variable);
  const fused = [encoder.kernel, encoder.recurrentKernel, encoder.bias, decoder.kernel, decoder.recurrentKernel, decoder.bias, dense.kernel, dense.bias];
  if (trainable.length !== fused.length || !fused.every((v) => trainable.includes(v))) {
    throw reader.unsupported('its trainable weights are not exactly the LSTM, LSTM and Dense weights');
  }
  return {
    encoder,
    decoder,
    dense,
    questionLength,
    vocabularySize,
    answerLength,
    outputSize: dense.kernel.shape[1]!,
    trainable,
  };
}

/** The spec's variables in WEIGHT_ROLES order. */
export function variablesByRole(spec: FusedModelSpec): tf.Variable[] {
  const { encoder, decoder, dense } = spec;
  return [encoder.kernel, encoder.recurrentKernel, encoder.bias, decoder.kernel, decoder.recurrentKernel, decoder.bias, dense.kernel, dense.bias];
}
