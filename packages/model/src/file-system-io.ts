import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import { loadFsPromises, loadPath } from '#platform';
import { CorruptModelError } from './errors.js';
import { openRegularFile, readExactly, type RegularFile } from './read-regular-file.js';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';
/** A `model.json` larger than this is refused before it is read or parsed (the shipped one has ~10 KB). */
export const MAX_MODEL_JSON_BYTES = 16 * 1024 * 1024;
// Bytes per element of each weight dtype, and of each quantised storage dtype.
const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };
const BYTES_PER_QUANTISED: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

// node:fs is imported only when a directory is read or written, and only through `#platform`
// (package.json "imports"), whose browser side names no Node.js module.
type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');
async function nodeModules(): Promise<{ fs: Fs; path: Path }> {
  const [fs, path] = await Promise.all([loadFsPromises(), loadPath()]);
  return { fs, path };
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
  checkDirectoryArgument(source, 'source');
  checkDirectoryArgument(target, 'target');
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

/** Throws InvalidArgumentError unless `value` is a usable path. */
export function checkDirectoryArgument(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.includes('\0')) {
    throw new InvalidArgumentError(`${name} must be a non-empty string (a directory path) without NUL characters, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * A weights path from `model.json` as a file name inside the model directory: a plain name,
 * no separator (`/`, `\\`), no `.` or `..`, nothing absolute or drive-relative (`:`), no NUL.
 * A downloaded model must not make the loader read files elsewhere.
 */
function checkWeightsFileName(value: unknown, where: string, modelPath: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..' || /[/\\:\0]/.test(value)) {
    throw new CorruptModelError(
      `${modelPath} names weights file ${describeValue(value)} at ${where}; a weights path must be a plain file name inside the model directory (no "/", "\\", ":", "." or "..")`,
    );
  }
  return value;
}

/** Bytes that one weight occupies in the weights files, from its shape and dtype. */
function byteLengthOf(spec: unknown, where: string, modelPath: string): number {
  const { shape, dtype, quantization } = (typeof spec === 'object' && spec !== null ? spec : {}) as Partial<tf.io.WeightsManifestEntry>;
  if (!Array.isArray(shape) || !shape.every((size) => Number.isSafeInteger(size) && size >= 0)) {
    throw new CorruptModelError(`${modelPath} has ${where}.shape ${describeValue(shape)}; a shape is an array of non-negative integers`);
  }
  const bytes = quantization === undefined ? BYTES_PER_ELEMENT[String(dtype)] : BYTES_PER_QUANTISED[String(quantization?.dtype)];
  if (bytes === undefined) {
    throw new CorruptModelError(
      quantization === undefined
        ? `${modelPath} has ${where}.dtype ${describeValue(dtype)}; weights must be float32, int32 or bool`
        : `${modelPath} has ${where}.quantization.dtype ${describeValue(quantization?.dtype)}; quantised weights must be uint8, uint16 or float16`,
    );
  }
  const length = shape.reduce((product: number, size: number) => product * size, bytes);
  if (!Number.isSafeInteger(length)) throw new CorruptModelError(`${modelPath} has ${where}.shape ${describeValue(shape)}, too large to load`);
  return length;
}

interface WeightsGroup {
  files: string[];
  specs: tf.io.WeightsManifestEntry[];
  bytes: number;
}

/** Checks `weightsManifest` and works out how many bytes each group's files must hold. */
function readManifest(json: Record<string, unknown>, modelPath: string): WeightsGroup[] {
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) throw new CorruptModelError(`${modelPath} is not a tfjs layers model: weightsManifest is not an array`);
  return manifest.map((group: unknown, groupIndex) => {
    const where = `weightsManifest[${groupIndex}]`;
    const { paths, weights } = (typeof group === 'object' && group !== null ? group : {}) as Record<string, unknown>;
    if (!Array.isArray(paths) || !Array.isArray(weights)) {
      throw new CorruptModelError(`${modelPath} has a ${where} without paths and weights arrays`);
    }
    const files = paths.map((file: unknown, index) => checkWeightsFileName(file, `${where}.paths[${index}]`, modelPath));
    const bytes = weights.reduce((total: number, spec: unknown, index) => total + byteLengthOf(spec, `${where}.weights[${index}]`, modelPath), 0);
    weights.forEach((spec: unknown, index) => {
      if (typeof (spec as { name?: unknown }).name !== 'string') {
        throw new CorruptModelError(`${modelPath} has ${where}.weights[${index}].name ${describeValue((spec as { name?: unknown }).name)}; a weight name is a string`);
      }
    });
    if (files.length === 0 && bytes > 0) throw new CorruptModelError(`${modelPath} has ${where} with ${bytes} bytes of weights but no paths`);
    return { files, specs: weights as tf.io.WeightsManifestEntry[], bytes };
  });
}

async function closeAll(files: readonly RegularFile[]): Promise<void> {
  await Promise.all(files.map((file) => file.handle.close().catch(() => undefined)));
}

/** Reads `model.json`: a regular file of at most MAX_MODEL_JSON_BYTES, checked before it is read. */
async function readModelJson(fs: Fs, directory: string, modelPath: string): Promise<Record<string, unknown>> {
  let file: RegularFile;
  try {
    file = await openRegularFile(fs, modelPath, MODEL_FILE);
  } catch (error) {
    if (CorruptModelError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CorruptModelError(
      code === 'ENOENT' ? `no model at "${directory}": ${MODEL_FILE} is missing` : `cannot read "${modelPath}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  let text: string;
  try {
    if (file.size > MAX_MODEL_JSON_BYTES) {
      throw new CorruptModelError(
        `"${modelPath}" has ${file.size} bytes, more than the ${MAX_MODEL_JSON_BYTES} a ${MODEL_FILE} may have; it is not a model saved by addrnn`,
      );
    }
    const bytes = new Uint8Array(file.size);
    await readExactly(file, bytes, MODEL_FILE);
    text = new TextDecoder().decode(bytes);
  } finally {
    await file.handle.close();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CorruptModelError(`"${modelPath}" is not valid JSON (${(error as Error).message}); the file is damaged or truncated`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !(json as tf.io.ModelJSON).modelTopology || !Array.isArray((json as tf.io.ModelJSON).weightsManifest)) {
    throw new CorruptModelError(`"${modelPath}" is not a tfjs layers model: modelTopology or weightsManifest is missing`);
  }
  return json as Record<string, unknown>;
}

/**
 * Reads and checks `model.json` + weights from a directory that need not be trusted: weights
 * paths must be plain file names inside it, only regular files are opened, and every file's
 * size is checked against what `model.json` declares before anything past it is read.
 */
export async function readArtifacts(directory: string): Promise<tf.io.ModelArtifacts> {
  checkDirectoryArgument(directory, 'directory');
  const { fs, path } = await nodeModules();
  const modelPath = path.join(directory, MODEL_FILE);
  const json = await readModelJson(fs, directory, modelPath);
  const groups = readManifest(json, `"${modelPath}"`);
  const opened: RegularFile[] = [];
  try {
    for (const group of groups) {
      for (const name of group.files) {
        const weightsPath = path.join(directory, name);
        try {
          opened.push(await openRegularFile(fs, weightsPath, `weights file named in ${MODEL_FILE}`));
        } catch (error) {
          if (CorruptModelError.isInstance(error)) throw error;
          throw new CorruptModelError(`"${weightsPath}" named in ${MODEL_FILE} cannot be read: ${(error as Error).message}`, { cause: error });
        }
      }
    }
    // Every size is checked before a byte of weights is read: nothing past what model.json declares is read.
    let next = 0;
    for (const group of groups) {
      const files = opened.slice(next, next + group.files.length);
      next += group.files.length;
      const total = files.reduce((sum, file) => sum + file.size, 0);
      if (total !== group.bytes) {
        throw new CorruptModelError(
          `weights ${group.files.map((name) => `"${name}"`).join(', ')} of "${directory}" have ${total} bytes but ${MODEL_FILE} describes ${group.bytes}; the weights file is truncated or does not belong to this model`,
        );
      }
    }
    const weightData = new Uint8Array(groups.reduce((sum, group) => sum + group.bytes, 0));
    let offset = 0;
    for (const file of opened) {
      await readExactly(file, weightData.subarray(offset, offset + file.size), 'weights file');
      offset += file.size;
    }
    return {
      modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      format: json.format as string | undefined,
      generatedBy: json.generatedBy as string | undefined,
      convertedBy: json.convertedBy as string | null | undefined,
      userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
      weightSpecs: groups.flatMap((group) => group.specs),
      weightData: weightData.buffer,
    };
  } finally {
    await closeAll(opened);
  }
}

/**
 * A tfjs IO handler over the file system for Node without `@tensorflow/tfjs-node`:
 * `model.save(fileSystemIO(dir))` writes atomically, `tf.loadLayersModel(fileSystemIO(dir))` reads.
 */
export function fileSystemIO(directory: string): tf.io.IOHandler {
  checkDirectoryArgument(directory, 'directory');
  return {
    async save(artifacts) {
      await writeArtifactsAtomically(directory, artifacts);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: () => readArtifacts(directory),
  };
}
