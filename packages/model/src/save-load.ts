import * as tf from '@tensorflow/tfjs';
import { AddrnnError, InvalidArgumentError, type Codec } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import { CorruptModelError } from './errors.js';
import { fileSystemIO } from './file-system-io.js';
import { checkDirectoryArgument } from './file-system.js';
import { checkArchitecture, checkModelArgument, checkShapes, codecOf, familyOf, getMetadata, validateMetadata, type ModelMetadata } from './metadata.js';
import { isPretrainedSource, loadPretrained, pretrainedName } from './pretrained/load-pretrained.js';
import { checkTrainingRecord, type TrainingRecord } from './training-record.js';

/** What `loadModel` resolves to. */
export interface LoadedModel {
  /** The model, with its saved weights. */
  model: tf.LayersModel;
  /** The codec of its task, from its metadata. */
  codec: Codec;
  /** Its saved metadata, checked. */
  metadata: ModelMetadata;
}

function isUrl(source: string): boolean {
  return /^(https?:|file:|blob:|data:|indexeddb:|localstorage:)/.test(source) ||
    (typeof (globalThis as { document?: unknown }).document !== 'undefined' && source.startsWith('/'));
}

function inNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** Throws InvalidArgumentError unless `source` is a non-empty string or an object with a `load` method. */
function checkSource(source: unknown): string | tf.io.IOHandler {
  const isHandler = typeof source === 'object' && source !== null && typeof (source as tf.io.IOHandler).load === 'function';
  if (!isHandler && (typeof source !== 'string' || source.length === 0)) {
    throw new InvalidArgumentError(
      `source must be a model directory (Node), a URL of model.json or a tfjs IO handler with a load() method, got ${describeValue(source)}`,
    );
  }
  return source as string | tf.io.IOHandler;
}

/** Where a string source points: a directory in Node, a URL of model.json (or a tfjs scheme) otherwise. */
export function resolveSource(source: string | tf.io.IOHandler): { handler: string | tf.io.IOHandler; where: string } {
  if (typeof source !== 'string') return { handler: source, where: 'the given model source' };
  if (isUrl(source) || !inNode()) return { handler: source, where: `"${source}"` };
  return { handler: fileSystemIO(source), where: `"${source}"` };
}

/**
 * Saves a model as a directory (`model.json` + `weights.bin`), atomically, with addrnn's
 * metadata and, if given, the training provenance.
 */
export async function saveModel(model: tf.LayersModel, directory: string, options: { training?: TrainingRecord } = {}): Promise<void> {
  checkModelArgument(model, 'model');
  checkDirectoryArgument(directory, 'directory');
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`options must be an object ({ training }), got ${describeValue(options)}`);
  }
  const { training } = options;
  if (training !== undefined && (typeof training !== 'object' || training === null || Array.isArray(training))) {
    throw new InvalidArgumentError(`options.training must be a plain object of JSON values, got ${describeValue(training)}`);
  }
  if (training !== undefined) checkTrainingRecord(training, 'options.training', (message) => new InvalidArgumentError(message));
  const metadata = getMetadata(model);
  if (options.training !== undefined) {
    model.setUserDefinedMetadata({ ...metadata, training: options.training } as unknown as Record<string, unknown>);
  }
  await model.save(fileSystemIO(directory));
}

/**
 * Loads and checks a model saved by `saveModel` (a directory in Node, a URL in a browser, or any
 * tfjs IO handler), or a shipped one named `pretrained:5-digit`, `pretrained:aligned`, `pretrained:signed` or `pretrained:multiply`.
 */
export async function loadModel(source: string | tf.io.IOHandler): Promise<LoadedModel> {
  const checked = checkSource(source);
  const { handler, where } = isPretrainedSource(checked)
    ? { handler: await loadPretrained(pretrainedName(checked)), where: `"${checked}"` }
    : resolveSource(checked);
  let model: tf.LayersModel;
  try {
    model = await withoutOrthogonalWarning(() => tf.loadLayersModel(handler));
  } catch (error) {
    if (AddrnnError.isInstance(error)) throw error;
    throw new CorruptModelError(`cannot load the model at ${where}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const metadata = validateMetadata(model.getUserDefinedMetadata(), where);
    const codec = codecOf(metadata, where);
    checkShapes(model, codec, where, familyOf(metadata.architecture));
    checkArchitecture(model, metadata.architecture, where);
    return { model, codec, metadata };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

const ORTHOGONAL_WARNING = 'Orthogonal initializer is being called on a matrix with more than';

/**
 * Loading builds every layer first, so tfjs's orthogonal initializer runs (and warns "Slowness
 * may result" for a 128x512 kernel) just before the saved weights replace its values. Only that
 * one message is dropped, and only while `load` runs; every other warning passes through.
 */
async function withoutOrthogonalWarning<T>(load: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  const filtered = (...args: unknown[]): void => {
    if (typeof args[0] === 'string' && args[0].startsWith(ORTHOGONAL_WARNING)) return;
    warn.apply(console, args);
  };
  console.warn = filtered;
  try {
    return await load();
  } finally {
    if (console.warn === filtered) console.warn = warn;
  }
}
