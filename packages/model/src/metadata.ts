import * as tf from '@tensorflow/tfjs';
import { Codec, InvalidArgumentError, type CodecConfig } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import { IMPLEMENTATIONS, type Architecture, type Cell, type Implementation, type ModelFamily } from './architecture.js';
import { IncompatibleModelError } from './errors.js';
import { DEFAULT_FAMILY, isModelFamily, MODEL_FAMILIES, modelFamily } from './families/registry.js';
import type { FamilyShapes } from './families/model-family.js';
import { checkTrainingRecord, type TrainingRecord } from './training-record.js';

export { CELLS, IMPLEMENTATIONS } from './architecture.js';
export type { Architecture, Cell, Implementation, ModelFamily } from './architecture.js';
export { familyOf, MODEL_FAMILIES } from './families/registry.js';

/** @deprecated The earlier name of `TrainingRecord`. */
export type TrainingProvenance = TrainingRecord;

/** What addrnn stores in a model's `userDefinedMetadata`. */
export interface ModelMetadata {
  /** Marks a model saved by `@addrnn/model`. */
  format: 'addrnn';
  /** The version of this layout; a model of another version is refused on load. */
  formatVersion: 1;
  /** The task: `Codec.fromConfig(metadata.codec)` gives the model's codec back. */
  codec: CodecConfig;
  /** The model's shape. */
  architecture: Architecture;
  /** How the model was trained; checked on load, fields it does not know kept as they are. */
  training?: TrainingRecord;
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
  checkArchitectureFields(metadata.architecture, where);
  if (metadata.training !== undefined) checkTrainingRecord(metadata.training, where, (message) => new IncompatibleModelError(message));
  return metadata as ModelMetadata;
}

const CELL_CLASSES: Readonly<Record<Cell, string>> = { lstm: 'LSTM', gru: 'GRU', simpleRNN: 'SimpleRNN' };

/** The fields of a saved architecture, each of the type and range createModel gives it. */
function checkArchitectureFields(architecture: Partial<Architecture>, where: string): void {
  const { family = DEFAULT_FAMILY, cell, hiddenSize, encoderLayers, decoderLayers, dropout, implementation } = architecture;
  const problems: string[] = [];
  const definition = isModelFamily(family) ? modelFamily(family) : undefined;
  if (definition === undefined) problems.push(`family ${describeValue(family)} (expected ${MODEL_FAMILIES.join(' or ')})`);
  else problems.push(...definition.architectureProblems(architecture));
  if (typeof cell !== 'string' || !Object.hasOwn(CELL_CLASSES, cell)) problems.push(`cell ${describeValue(cell)} (expected lstm, gru or simpleRNN)`);
  for (const [name, value, min, max] of [['hiddenSize', hiddenSize, 1, 4096], ['encoderLayers', encoderLayers, 1, 8], ['decoderLayers', decoderLayers, definition?.minimumDecoderLayers ?? 1, 8]] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) problems.push(`${name} ${describeValue(value)} (expected an integer from ${min} to ${max})`);
  }
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) problems.push(`dropout ${describeValue(dropout)} (expected a number from 0 to below 1)`);
  if (!IMPLEMENTATIONS.includes(implementation as Implementation)) {
    problems.push(`implementation ${describeValue(implementation)} (expected one of ${IMPLEMENTATIONS.map((name) => `"${name}"`).join(', ')})`);
  }
  if (problems.length > 0) throw new IncompatibleModelError(`${where} has an invalid architecture in its metadata: ${problems.join(', ')}`);
}

/** Checks that a model's recurrent layers are the ones its metadata describes: cell, count and units. */
export function checkArchitecture(model: tf.LayersModel, architecture: Architecture, where: string): void {
  const recurrent = model.layers.filter((layer) => Object.values(CELL_CLASSES).includes(layer.getClassName()));
  const expectedClass = CELL_CLASSES[architecture.cell];
  const expectedCount = architecture.encoderLayers + architecture.decoderLayers;
  const found = recurrent.map((layer) => `${layer.getClassName()}(${(layer.getConfig() as { units?: unknown }).units})`);
  const fits =
    recurrent.length === expectedCount &&
    recurrent.every((layer) => layer.getClassName() === expectedClass && (layer.getConfig() as { units?: unknown }).units === architecture.hiddenSize);
  if (!fits) {
    throw new IncompatibleModelError(
      `${where} has recurrent layers ${found.join(', ') || 'none'}, but its metadata describes ${expectedCount} ${expectedClass} layers of ${architecture.hiddenSize} units`,
    );
  }
  // An aligned model's embedding is a Dense layer before its LSTM.
  const first = model.layers.find((layer) => layer.getClassName() !== 'InputLayer');
  const embedding = first?.getClassName() === 'Dense' ? (first.getConfig() as { units?: unknown }).units : undefined;
  if (embedding !== architecture.embeddingSize) {
    throw new IncompatibleModelError(
      `${where} has ${embedding === undefined ? 'no embedding' : `an embedding of ${describeValue(embedding)} values`} before its recurrent layer, but its metadata gives embeddingSize ${describeValue(architecture.embeddingSize)}`,
    );
  }
}

/** The codec a model was trained with; throws when the saved vocabulary does not match its task. */
export function codecOf(metadata: ModelMetadata, where: string): Codec {
  try {
    return Codec.fromConfig(metadata.codec);
  } catch (error) {
    throw new IncompatibleModelError(`${where} has an unusable codec in its metadata: ${(error as Error).message}`, { cause: error });
  }
}

/** Checks that a model's input and output shapes fit a codec, as its family lays them out. */
export function checkShapes(model: tf.LayersModel, codec: Codec, where: string, family: ModelFamily = DEFAULT_FAMILY): void {
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  const definition = modelFamily(family);
  const { input: expectedInput, output: expectedOutput } = definition.shapes(codec);
  const fits = (shapes: FamilyShapes) => JSON.stringify(input) === JSON.stringify(shapes.input) && JSON.stringify(output) === JSON.stringify(shapes.output);
  if (![definition.shapes(codec), ...(definition.earlierShapes?.(codec) ?? [])].some(fits)) {
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
