import * as tf from '@tensorflow/tfjs';
import { Codec, describeValue, InvalidArgumentError, type CodecConfig } from '@addrnn/codec';
import { IncompatibleModelError } from './errors.js';

/** A recurrent cell type. */
export type Cell = 'lstm' | 'gru' | 'simpleRNN';
/**
 * How training computes the loss and gradients: 'kernel', the WebAssembly SIMD training kernel
 * (falls back to 'fused' where it cannot load); 'fused', hand-written back-propagation through
 * time in tfjs operations; 'layers', stock tfjs-layers autodiff. All three compute the same loss.
 */
export type Implementation = 'kernel' | 'fused' | 'layers';
/** Every implementation, for validation and help texts. */
export const IMPLEMENTATIONS: readonly Implementation[] = ['kernel', 'fused', 'layers'];

export interface Architecture {
  cell: Cell;
  hiddenSize: number;
  encoderLayers: number;
  decoderLayers: number;
  dropout: number;
  implementation: Implementation;
  recurrentActivation: 'sigmoid';
}

/** Free-form JSON about how a model was trained (command, seed, examples, backend, accuracy...). */
export type TrainingProvenance = Record<string, unknown>;

/** What addrnn stores in a model's `userDefinedMetadata`. */
export interface ModelMetadata {
  format: 'addrnn';
  formatVersion: 1;
  codec: CodecConfig;
  architecture: Architecture;
  training?: TrainingProvenance;
}

export const FORMAT_VERSION = 1;

/** Checks metadata read from a saved model; `where` names the model in messages. */
export function validateMetadata(value: unknown, where: string): ModelMetadata {
  if (typeof value !== 'object' || value === null) {
    throw new IncompatibleModelError(`${where} has no addrnn metadata (userDefinedMetadata); it was not saved by @addrnn/model`);
  }
  const metadata = value as Partial<ModelMetadata>;
  if (metadata.format !== 'addrnn') {
    throw new IncompatibleModelError(`${where} has metadata format ${JSON.stringify(metadata.format)}, expected "addrnn"`);
  }
  if (metadata.formatVersion !== FORMAT_VERSION) {
    throw new IncompatibleModelError(
      `${where} has metadata formatVersion ${JSON.stringify(metadata.formatVersion)}, this version of @addrnn/model reads ${FORMAT_VERSION}`,
    );
  }
  if (typeof metadata.architecture !== 'object' || metadata.architecture === null) {
    throw new IncompatibleModelError(`${where} has no architecture in its metadata`);
  }
  return metadata as ModelMetadata;
}

/** The codec a model was trained with; throws when the saved vocabulary does not match its task. */
export function codecOf(metadata: ModelMetadata, where: string): Codec {
  try {
    return Codec.fromConfig(metadata.codec);
  } catch (error) {
    throw new IncompatibleModelError(`${where} has an unusable codec in its metadata: ${(error as Error).message}`, { cause: error });
  }
}

/** Checks that a model's input and output shapes fit a codec. */
export function checkShapes(model: tf.LayersModel, codec: Codec, where: string): void {
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  const expectedInput = [null, codec.questionLength, codec.vocabularySize];
  const expectedOutput = [null, codec.answerLength, codec.vocabularySize];
  if (JSON.stringify(input) !== JSON.stringify(expectedInput) || JSON.stringify(output) !== JSON.stringify(expectedOutput)) {
    throw new IncompatibleModelError(
      `${where} maps ${JSON.stringify(input)} to ${JSON.stringify(output)}, but its codec needs ${JSON.stringify(expectedInput)} to ${JSON.stringify(expectedOutput)}`,
    );
  }
}

/** Throws InvalidArgumentError unless `model` looks like a tfjs LayersModel (duck-typed: another tfjs copy fails instanceof). */
export function checkModelArgument(model: unknown, name: string): tf.LayersModel {
  const candidate = model as Partial<tf.LayersModel> | null | undefined;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.save !== 'function' || typeof candidate.getUserDefinedMetadata !== 'function') {
    throw new InvalidArgumentError(`${name} must be a tfjs LayersModel (from createModel or loadModel), got ${describeValue(model)}`);
  }
  return model as tf.LayersModel;
}

/** The addrnn metadata of a model made by `createModel` or loaded by `loadModel`. */
export function getMetadata(model: tf.LayersModel): ModelMetadata {
  checkModelArgument(model, 'model');
  return validateMetadata(model.getUserDefinedMetadata(), `model "${model.name}"`);
}
