import * as tf from '@tensorflow/tfjs';
import { Codec, InvalidOptionError, type TaskOptions } from '@addrnn/codec';
import { FORMAT_VERSION, type Architecture, type Cell, type Implementation, type ModelMetadata } from './metadata.js';

export interface ModelOptions {
  /** The task: a codec, or options to make one. @default new Codec() (5 digits, '+') */
  codec?: Codec | TaskOptions;
  /** Recurrent cell of encoder and decoder. @default 'lstm' */
  cell?: Cell;
  /** Units per recurrent layer. @default 128 */
  hiddenSize?: number;
  /** Stacked encoder layers. @default 1 */
  encoderLayers?: number;
  /** Stacked decoder layers. @default 1 */
  decoderLayers?: number;
  /** Dropout on each recurrent layer's inputs during training. @default 0 */
  dropout?: number;
  /** How `createTrainStep` trains it: 'fused' (fast, LSTM 1+1 layers) or 'layers' (stock). @default 'fused' where supported, else 'layers' */
  implementation?: Implementation;
  /** Seed of the weight initialisers. @default 1 */
  seed?: number;
}

const CELLS: readonly Cell[] = ['lstm', 'gru', 'simpleRNN'];

function integerOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Fills in defaults and validates; throws InvalidOptionError naming the option and the value. */
export function resolveModelOptions(options: ModelOptions = {}): { codec: Codec; architecture: Architecture; seed: number } {
  const codec = options.codec instanceof Codec ? options.codec : new Codec(options.codec);
  const cell = options.cell ?? 'lstm';
  if (!CELLS.includes(cell)) throw new InvalidOptionError(`cell must be one of ${CELLS.join(', ')}, got ${JSON.stringify(cell)}`);
  const hiddenSize = integerOption('hiddenSize', options.hiddenSize ?? 128, 1, 4096);
  const encoderLayers = integerOption('encoderLayers', options.encoderLayers ?? 1, 1, 8);
  const decoderLayers = integerOption('decoderLayers', options.decoderLayers ?? 1, 1, 8);
  const dropout = options.dropout ?? 0;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new InvalidOptionError(`dropout must be a number from 0 (inclusive) to 1 (exclusive), got ${String(dropout)}`);
  }
  const seed = integerOption('seed', options.seed ?? 1, 0, 2 ** 31 - 1);
  const fusable = cell === 'lstm' && encoderLayers === 1 && decoderLayers === 1 && dropout === 0;
  const implementation = options.implementation ?? (fusable ? 'fused' : 'layers');
  if (implementation !== 'fused' && implementation !== 'layers') {
    throw new InvalidOptionError(`implementation must be "fused" or "layers", got ${JSON.stringify(implementation)}`);
  }
  if (implementation === 'fused' && !fusable) {
    throw new InvalidOptionError(
      `implementation "fused" supports one encoder and one decoder LSTM layer without dropout, got cell ${cell}, ${encoderLayers}+${decoderLayers} layers, dropout ${dropout}; use implementation "layers"`,
    );
  }
  return { codec, architecture: { cell, hiddenSize, encoderLayers, decoderLayers, dropout, implementation, recurrentActivation: 'sigmoid' }, seed };
}

type RecurrentConfig = Parameters<typeof tf.layers.lstm>[0];

function recurrentLayer(cell: Cell, config: RecurrentConfig): tf.layers.Layer {
  if (cell === 'gru') return tf.layers.gru(config);
  if (cell === 'simpleRNN') {
    const { recurrentActivation: _unused, ...rest } = config;
    return tf.layers.simpleRNN(rest);
  }
  return tf.layers.lstm(config);
}

/**
 * The Keras addition_rnn model, sized from the codec: recurrent encoder over the one-hot
 * question -> RepeatVector(answerLength) -> recurrent decoder returning sequences ->
 * TimeDistributed(Dense(vocabulary, softmax)). Built from stock tfjs-layers only, so a saved
 * model loads in plain `tf.loadLayersModel`; addrnn's metadata travels in the model.
 */
export function createModel(options: ModelOptions = {}): tf.LayersModel {
  const { codec, architecture, seed } = resolveModelOptions(options);
  const { cell, hiddenSize, encoderLayers, decoderLayers, dropout } = architecture;
  let seedCounter = seed;
  const nextSeed = () => (seedCounter += 1);
  const recurrent = (returnSequences: boolean, extra: { inputShape?: number[] } = {}) =>
    recurrentLayer(cell, {
      units: hiddenSize,
      recurrentActivation: 'sigmoid',
      returnSequences,
      dropout,
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      recurrentInitializer: tf.initializers.orthogonal({ seed: nextSeed() }),
      ...extra,
    });

  const model = tf.sequential({ name: 'addrnn' });
  for (let layer = 0; layer < encoderLayers; layer += 1) {
    const first = layer === 0 ? { inputShape: [codec.questionLength, codec.vocabularySize] } : {};
    model.add(recurrent(layer < encoderLayers - 1, first));
  }
  model.add(tf.layers.repeatVector({ n: codec.answerLength }));
  for (let layer = 0; layer < decoderLayers; layer += 1) model.add(recurrent(true));
  model.add(
    tf.layers.timeDistributed({
      layer: tf.layers.dense({ units: codec.vocabularySize, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }) }),
    }),
  );
  const metadata: ModelMetadata = { format: 'addrnn', formatVersion: FORMAT_VERSION, codec: codec.toConfig(), architecture };
  model.setUserDefinedMetadata(metadata as unknown as Record<string, unknown>);
  return model;
}
