import * as tf from '@tensorflow/tfjs';
import { loadPath } from '#platform';
import { writeDirectoryAtomically, writeFileIn } from './directory-swap.js';
import { CorruptModelError, UnreadableFileError } from './errors.js';
import { checkDirectoryArgument, nodeFileSystem, type DiskFileSystem } from './file-system.js';
import { readExactly, type RegularFile } from './read-regular-file.js';
import { readManifest } from './weights-manifest.js';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
/** A `model.json` larger than this is refused before it is read or parsed (the shipped one has ~10 KB). */
export const MAX_MODEL_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Writes artifacts as `weights.bin` + `model.json` into `directory`, which exists and is empty
 * (a staging directory), each file fsynced when `fsync`. The one writer of the model format:
 * `saveModel` and the trainer's checkpoints both write through it.
 */
export async function writeModelFiles(
  fs: DiskFileSystem,
  directory: string,
  artifacts: tf.io.ModelArtifacts,
  options: { fsync?: boolean } = {},
): Promise<void> {
  const fsync = options.fsync === true;
  const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  await writeFileIn(fs, directory, WEIGHTS_FILE, new Uint8Array(weightData), fsync);
  const modelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    userDefinedMetadata: artifacts.userDefinedMetadata,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  };
  await writeFileIn(fs, directory, MODEL_FILE, JSON.stringify(modelJson), fsync);
}

/**
 * Replaces `directory` with a freshly written model, atomically: the model is written to a
 * sibling temporary directory, then renamed into place (the old one renamed away first and
 * removed last). A process killed at any moment leaves either the old or the new model whole.
 */
export async function writeArtifactsAtomically(directory: string, artifacts: tf.io.ModelArtifacts, fileSystem?: DiskFileSystem): Promise<void> {
  const fs = fileSystem ?? (await nodeFileSystem());
  const target = (await loadPath()).resolve(directory);
  await fs.mkdir((await loadPath()).dirname(target), { recursive: true });
  await writeDirectoryAtomically(target, (staging) => writeModelFiles(fs, staging, artifacts), { fileSystem: fs });
}

async function closeAll(files: readonly RegularFile[]): Promise<void> {
  await Promise.all(files.map((file) => file.close().catch(() => undefined)));
}

/**
 * The safe reader's refusal as a CorruptModelError about `what` ("model.json"); any other error
 * (of `open` itself: EACCES) as one whose message is `otherwise` followed by the error's.
 */
function unreadable(error: unknown, what: string, otherwise: string): CorruptModelError {
  if (UnreadableFileError.isInstance(error)) return new CorruptModelError(`${what} "${error.file}" ${error.reason}`, { cause: error });
  return new CorruptModelError(`${otherwise}: ${(error as Error).message}`, { cause: error });
}

/** Reads `model.json`: a regular file of at most MAX_MODEL_JSON_BYTES, checked before it is read. */
async function readModelJson(fs: DiskFileSystem, directory: string, modelPath: string): Promise<Record<string, unknown>> {
  let file: RegularFile;
  try {
    file = await fs.openRegularFile(modelPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CorruptModelError(`no model at "${directory}": ${MODEL_FILE} is missing`, { cause: error });
    }
    throw unreadable(error, MODEL_FILE, `cannot read "${modelPath}"`);
  }
  let text: string;
  try {
    if (file.size > MAX_MODEL_JSON_BYTES) {
      throw new CorruptModelError(
        `"${modelPath}" has ${file.size} bytes, more than the ${MAX_MODEL_JSON_BYTES} a ${MODEL_FILE} may have; it is not a model saved by addrnn`,
      );
    }
    const bytes = new Uint8Array(file.size);
    await readExactly(file, bytes).catch((error: unknown) => Promise.reject(unreadable(error, MODEL_FILE, `cannot read "${modelPath}"`)));
    text = new TextDecoder().decode(bytes);
  } finally {
    await file.close();
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
export async function readArtifacts(directory: string, fileSystem?: DiskFileSystem): Promise<tf.io.ModelArtifacts> {
  checkDirectoryArgument(directory, 'directory');
  const [fs, path] = await Promise.all([fileSystem ?? nodeFileSystem(), loadPath()]);
  const modelPath = path.join(directory, MODEL_FILE);
  const json = await readModelJson(fs, directory, modelPath);
  const groups = readManifest(json, `"${modelPath}"`);
  const what = `weights file named in ${MODEL_FILE}`;
  const opened: RegularFile[] = [];
  try {
    for (const group of groups) {
      for (const name of group.files) {
        const weightsPath = path.join(directory, name);
        const cannot = `"${weightsPath}" named in ${MODEL_FILE} cannot be read`;
        opened.push(await fs.openRegularFile(weightsPath).catch((error: unknown) => Promise.reject(unreadable(error, what, cannot))));
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
      const target = weightData.subarray(offset, offset + file.size);
      await readExactly(file, target).catch((error: unknown) => Promise.reject(unreadable(error, what, `cannot read "${file.path}"`)));
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
