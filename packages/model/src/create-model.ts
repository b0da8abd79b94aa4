import type * as tf from '@tensorflow/tfjs';
import { Codec, InvalidOptionError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import type { Architecture } from './architecture.js';
import { DEFAULT_FAMILY, isModelFamily, MODEL_FAMILIES, modelFamily } from './families/registry.js';
import { FORMAT_VERSION, type ModelMetadata } from './metadata.js';
import type { ModelOptions, ResolvedModelOptions } from './model-options.js';

export type { ModelOptions } from './model-options.js';

const MODEL_OPTION_NAMES: readonly string[] = ['family', 'codec', 'cell', 'hiddenSize', 'embeddingSize', 'encoderLayers', 'decoderLayers', 'dropout', 'implementation', 'seed'];

/**
 * Fills in defaults and validates: the options every family shares here, the family's own in
 * its module. Throws InvalidOptionError naming the option and the value.
 */
export function resolveModelOptions(options: ModelOptions = {}): ResolvedModelOptions {
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
  const name = options.family ?? DEFAULT_FAMILY;
  if (!isModelFamily(name)) throw new InvalidOptionError(`family must be one of ${MODEL_FAMILIES.join(', ')}, got ${describeValue(name)}`);
  const family = modelFamily(name);
  const unsupported = codec.operators.filter((operator) => !family.operators.includes(operator));
  if (unsupported.length > 0) {
    throw new InvalidOptionError(
      `the ${name} family computes operators ${JSON.stringify(family.operators)} only: its codec's operators must be among them, got ${JSON.stringify(codec.operators)}`,
    );
  }
  return family.resolveOptions(options, codec);
}

/**
 * A new model of the family `options.family` (default: the Keras addition_rnn encoder-decoder),
 * sized from the codec and initialised from `options.seed`. Built from stock tfjs-layers only,
 * so a saved model loads in plain `tf.loadLayersModel`; addrnn's metadata travels in the model.
 */
export function createModel(options: ModelOptions = {}): tf.LayersModel {
  const { codec, architecture, seed } = resolveModelOptions(options);
  return withMetadata(modelFamily(architecture.family).createLayers(codec, architecture, seed), codec, architecture);
}

function withMetadata(model: tf.LayersModel, codec: Codec, architecture: Architecture): tf.LayersModel {
  const metadata: ModelMetadata = { format: 'addrnn', formatVersion: FORMAT_VERSION, codec: codec.toConfig(), architecture };
  model.setUserDefinedMetadata(metadata as unknown as Record<string, unknown>);
  return model;
}
