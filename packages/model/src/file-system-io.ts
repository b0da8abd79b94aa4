import * as tf from '@tensorflow/tfjs';
import { CorruptModelError } from './errors.js';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

// node:fs is imported only when a directory is read or written, so the package bundles for browsers.
const NODE_FS = 'node:fs/promises';
const NODE_PATH = 'node:path';
type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');
async function nodeModules(): Promise<{ fs: Fs; path: Path }> {
  const [fs, path] = await Promise.all([import(/* @vite-ignore */ NODE_FS) as Promise<Fs>, import(/* @vite-ignore */ NODE_PATH) as Promise<Path>]);
  return { fs, path };
}

function byteLengthOf(specs: tf.io.WeightsManifestEntry[]): number {
  const bytesPer: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
  return specs.reduce((total, spec) => total + spec.shape.reduce((a, b) => a * b, 1) * (bytesPer[spec.dtype] ?? 4), 0);
}

/** Writes artifacts as `model.json` + `weights.bin` into a fresh directory (no renaming). */
export async function writeArtifacts(directory: string, artifacts: tf.io.ModelArtifacts): Promise<void> {
  const { fs, path } = await nodeModules();
  await fs.mkdir(directory, { recursive: true });
  const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  await fs.writeFile(path.join(directory, WEIGHTS_FILE), new Uint8Array(weightData));
  const modelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    userDefinedMetadata: artifacts.userDefinedMetadata,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  };
  await fs.writeFile(path.join(directory, MODEL_FILE), JSON.stringify(modelJson));
}

/**
 * Replaces `directory` with a freshly written copy, atomically: the model is written to a
 * sibling temporary directory, then renamed into place (the old one renamed away first and
 * removed last). A process killed at any moment leaves either the old or the new model whole.
 */
export async function writeArtifactsAtomically(directory: string, artifacts: tf.io.ModelArtifacts): Promise<void> {
  const { fs, path } = await nodeModules();
  const target = path.resolve(directory);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const staging = `${target}.saving-${uniqueSuffix()}`;
  try {
    await writeArtifacts(staging, artifacts);
    await replaceDirectory(staging, target);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  }
}

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Puts the directory `source` where `target` is, by renames only: the old `target` is renamed
 * to `target.old-*`, `source` renamed into place, and the old one removed last. A process
 * killed in between leaves `target.old-*` whole, so a reader can recover it.
 */
export async function replaceDirectory(source: string, target: string): Promise<void> {
  const { fs } = await nodeModules();
  const old = `${target}.old-${uniqueSuffix()}`;
  let moved = false;
  try {
    await fs.rename(target, old);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.rename(source, target);
  if (moved) await fs.rm(old, { recursive: true, force: true });
}

/** Reads and checks `model.json` + weights from a directory. */
export async function readArtifacts(directory: string): Promise<tf.io.ModelArtifacts> {
  const { fs, path } = await nodeModules();
  const modelPath = path.join(directory, MODEL_FILE);
  let text: string;
  try {
    text = await fs.readFile(modelPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CorruptModelError(
      code === 'ENOENT' ? `no model at "${directory}": ${MODEL_FILE} is missing` : `cannot read "${modelPath}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(text) as tf.io.ModelJSON;
  } catch (error) {
    throw new CorruptModelError(`"${modelPath}" is not valid JSON (${(error as Error).message}); the file is damaged or truncated`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new CorruptModelError(`"${modelPath}" is not a tfjs layers model: modelTopology or weightsManifest is missing`);
  }
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const file of group.paths) {
      const weightsPath = path.join(directory, file);
      try {
        buffers.push(await fs.readFile(weightsPath));
      } catch (error) {
        throw new CorruptModelError(`"${weightsPath}" named in ${MODEL_FILE} cannot be read: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  const total = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  const expected = byteLengthOf(specs);
  if (total !== expected) {
    throw new CorruptModelError(
      `weights of "${directory}" have ${total} bytes but ${MODEL_FILE} describes ${expected}; the weights file is truncated or does not belong to this model`,
    );
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    weightData.set(buffer, offset);
    offset += buffer.byteLength;
  }
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    userDefinedMetadata: json.userDefinedMetadata,
    weightSpecs: specs,
    weightData: weightData.buffer,
  };
}

/**
 * A tfjs IO handler over the file system for Node without `@tensorflow/tfjs-node`:
 * `model.save(fileSystemIO(dir))` writes atomically, `tf.loadLayersModel(fileSystemIO(dir))` reads.
 */
export function fileSystemIO(directory: string): tf.io.IOHandler {
  return {
    async save(artifacts) {
      await writeArtifactsAtomically(directory, artifacts);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: () => readArtifacts(directory),
  };
}
