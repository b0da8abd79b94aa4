import * as tf from '@tensorflow/tfjs';
import { Codec, InvalidOptionError, type TaskOptions } from '@addrnn/codec';
import { checkSeed, describeValue } from '@addrnn/codec/internal';
import { FORMAT_VERSION, IMPLEMENTATIONS, MODEL_FAMILIES, type Architecture, type Cell, type Implementation, type ModelFamily, type ModelMetadata } from './metadata.js';
import { checkAlignedOptions, createAlignedLayers } from './aligned/aligned-model.js';
import { checkHiddenSize, checkLayers } from './check-limits.js';
import { quietOrthogonal } from './initializers.js';

/** Options of `createModel(options)`: family, task, cell, sizes, dropout, training implementation and seed. */
export interface ModelOptions {
  /**
   * The model family: 'seq2seq', the Keras encoder-decoder; 'aligned', one LSTM over the digit
   * columns that adds numbers of any length (its codec's `digits` is the longest operand it is
   * trained on, `operators` must be ['+']; cell 'lstm', one layer, no dropout). @default 'seq2seq'
   */
  family?: ModelFamily;
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
  /**
   * How `createTrainStep` trains it: 'kernel' (the WebAssembly SIMD kernel, LSTM 1+1 layers,
   * falls back to 'fused' where it cannot load), 'fused' (tfjs operations, LSTM 1+1 layers) or
   * 'layers' (stock autodiff, every architecture). @default 'kernel' where supported, else 'layers'
   */
  implementation?: Implementation;
  /**
   * Seed of the weight initialisers: an integer from 0 to 2^32-1 (`MAX_SEED`), as everywhere in addrnn.
   * @default 1
   */
  seed?: number;
}

const CELLS: readonly Cell[] = ['lstm', 'gru', 'simpleRNN'];
const MODEL_OPTION_NAMES: readonly string[] = ['family', 'codec', 'cell', 'hiddenSize', 'encoderLayers', 'decoderLayers', 'dropout', 'implementation', 'seed'];

/** Fills in defaults and validates; throws InvalidOptionError naming the option and the value. */
export function resolveModelOptions(options: ModelOptions = {}): { codec: Codec; architecture: Architecture; seed: number } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError(`options must be an object (ModelOptions), got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!MODEL_OPTION_NAMES.includes(key)) {
      throw new InvalidOptionError(`unknown option ${describeValue(key)} in the model options; expected ${MODEL_OPTION_NAMES.join(', ')}`);
    }
  }
  // Codec.from also takes a codec made by another copy of @addrnn/codec, where instanceof fails.
  const codec = Codec.from(options.codec);
  const family = options.family ?? 'seq2seq';
  if (!MODEL_FAMILIES.includes(family)) throw new InvalidOptionError(`family must be one of ${MODEL_FAMILIES.join(', ')}, got ${describeValue(family)}`);
  if (family === 'aligned') return checkAlignedOptions(options, codec, checkHiddenSize(options.hiddenSize ?? 32));
  const cell = options.cell ?? 'lstm';
  if (!CELLS.includes(cell)) throw new InvalidOptionError(`cell must be one of ${CELLS.join(', ')}, got ${describeValue(cell)}`);
  const hiddenSize = checkHiddenSize(options.hiddenSize ?? 128);
  const encoderLayers = checkLayers(options.encoderLayers ?? 1, 'encoderLayers');
  const decoderLayers = checkLayers(options.decoderLayers ?? 1, 'decoderLayers');
  const dropout = options.dropout ?? 0;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new InvalidOptionError(`dropout must be a number from 0 (inclusive) to 1 (exclusive), got ${describeValue(dropout)}`);
  }
  const seed = checkSeed(options.seed ?? 1, 'seed');
  const fusable = cell === 'lstm' && encoderLayers === 1 && decoderLayers === 1 && dropout === 0;
  const implementation = options.implementation ?? (fusable ? 'kernel' : 'layers');
  if (!IMPLEMENTATIONS.includes(implementation)) {
    throw new InvalidOptionError(`implementation must be one of ${IMPLEMENTATIONS.map((name) => `"${name}"`).join(', ')}, got ${describeValue(implementation)}`);
  }
  if (implementation !== 'layers' && !fusable) {
    throw new InvalidOptionError(
      `implementation "${implementation}" supports one encoder and one decoder LSTM layer without dropout, got cell ${cell}, ${encoderLayers}+${decoderLayers} layers, dropout ${dropout}; use implementation "layers"`,
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
  if (architecture.family === 'aligned') return withMetadata(createAlignedLayers(architecture.hiddenSize, seed), codec, architecture);
  const { cell, hiddenSize, encoderLayers, decoderLayers, dropout } = architecture;
  // tfjs takes any number as an initialiser seed but treats 0 as "no seed" (Math.random), so
  // the initialisers get seed+1, seed+2, ...: never 0, exact in a double for every seed up to
  // MAX_SEED, and the same seeds (so the same weights) as before the range grew past 2^31-1.
  let seedCounter = seed;
  const nextSeed = () => (seedCounter += 1);
  const recurrent = (returnSequences: boolean, extra: { inputShape?: number[] } = {}) =>
    recurrentLayer(cell, {
      units: hiddenSize,
      recurrentActivation: 'sigmoid',
      returnSequences,
      dropout,
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      recurrentInitializer: quietOrthogonal(nextSeed()),
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
  return withMetadata(model, codec, architecture);
}

function withMetadata(model: tf.LayersModel, codec: Codec, architecture: Architecture): tf.LayersModel {
  const metadata: ModelMetadata = { format: 'addrnn', formatVersion: FORMAT_VERSION, codec: codec.toConfig(), architecture };
  model.setUserDefinedMetadata(metadata as unknown as Record<string, unknown>);
  return model;
}
