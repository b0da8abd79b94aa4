import * as tf from '@tensorflow/tfjs';
import { getMetadata, loadModel, type ModelMetadata, type TrainingRecord } from '@addrnn/model';
import { loadPath } from '#platform';
import type { AdamState } from './adam-state.js';
import { UnreadableFileError, type CheckpointFileSystem } from './checkpoint-fs.js';
import { CheckpointError } from './errors.js';
import type { TrainerState } from './trainer-state.js';
import { validateTrainerState } from './trainer-state-schema.js';

export const stateFileName = 'trainer-state.json';
export const optimizerFileName = 'optimizer.bin';
const modelFileName = 'model.json';
const weightsFileName = 'weights.bin';
/** Largest trainer-state.json read (its history grows by about 2 kB an epoch). */
export const maxStateBytes = 64 * 1024 * 1024;

export { trainingLoss } from './trainer-state.js';

export type { PartialEpoch, TrainerState } from './trainer-state.js';

export interface Checkpoint {
  directory: string;
  state: TrainerState;
}

async function pathModule() {
  return loadPath();
}

/**
 * Reads and validates `outDir/latest/trainer-state.json`; throws CheckpointError when there
 * is none or it is damaged. Run `recoverCheckpoints` first to bring back a `latest` that a
 * crash left renamed away.
 */
export async function readCheckpoint(outDir: string, fs: CheckpointFileSystem): Promise<Checkpoint> {
  const path = await pathModule();
  const directory = path.join(outDir, 'latest');
  const file = path.join(directory, stateFileName);
  if ((await fs.lstat(directory)) === undefined) {
    const exists = (await fs.lstat(outDir)) !== undefined;
    throw new CheckpointError(
      exists
        ? `cannot resume: ${directory} holds no checkpoint (no ${stateFileName}); train without resume to start a new run`
        : `cannot resume: ${outDir} does not exist; train without resume to start a new run`,
    );
  }
  const bytes = await readFile(fs, file, maxStateBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CheckpointError(`cannot resume: ${file} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return { directory, state: validateTrainerState(parsed, file) };
}

async function readFile(fs: CheckpointFileSystem, file: string, maxBytes: number): Promise<Uint8Array> {
  try {
    return await fs.readRegularFile(file, maxBytes);
  } catch (error) {
    const reason =
      error instanceof UnreadableFileError
        ? error.message
        : (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `${file} is missing`
          : `${file} cannot be read (${(error as Error).message})`;
    throw new CheckpointError(`cannot resume: ${reason}; train without resume to start a new run`, { cause: error });
  }
}

/** The checkpoint's model and Adam state. */
export async function loadCheckpointTensors(
  checkpoint: Checkpoint,
  fs: CheckpointFileSystem,
): Promise<{ model: tf.LayersModel; metadata: ModelMetadata; adam: AdamState }> {
  const path = await pathModule();
  const { directory, state } = checkpoint;
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(directory);
  } catch (error) {
    throw new CheckpointError(`cannot resume: the model in ${directory} cannot be loaded: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const file = path.join(directory, optimizerFileName);
    const expected = state.optimizer.moments.reduce(
      (total, moment) => total + moment.shape.reduce((product, dimension) => product * dimension, 1),
      0,
    );
    const bytes = await readFile(fs, file, expected * 4);
    if (bytes.byteLength !== expected * 4) {
      throw new CheckpointError(
        `cannot resume: ${file} holds ${bytes.byteLength} bytes, ${stateFileName} describes ${expected * 4}`,
      );
    }
    // Copy: the bytes may sit at an offset that is not a multiple of 4.
    const data = new Float32Array(new Uint8Array(bytes).buffer);
    const { file: _file, ...adam } = state.optimizer;
    return { model: loaded.model, metadata: loaded.metadata, adam: { ...adam, data } };
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
}

/** The artifacts `model.save` would write, with `training` in the metadata. */
async function modelArtifacts(model: tf.LayersModel, training: TrainingRecord): Promise<tf.io.ModelArtifacts> {
  model.setUserDefinedMetadata({ ...getMetadata(model), training } as unknown as Record<string, unknown>);
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (captured === undefined) throw new CheckpointError('cannot write a checkpoint: model.save produced no model artifacts');
  return captured;
}

/**
 * Writes `outDir/<name>` as one unit, durably: the model (and for `latest` the trainer and
 * Adam state) go into a fresh staging directory, each file fsynced, then the directory; it
 * then replaces the old one by `replaceDirectoryDurably`. A crash at any point leaves either
 * the old checkpoint or the new one (possibly renamed to `<name>.old-*`, which
 * `recoverCheckpoints` puts back), never a mix.
 */
export async function writeCheckpoint(
  fs: CheckpointFileSystem,
  outDir: string,
  name: 'latest' | 'best',
  model: tf.LayersModel,
  training: TrainingRecord,
  resumable?: { state: Omit<TrainerState, 'optimizer'>; adam: AdamState },
): Promise<void> {
  const path = await pathModule();
  const artifacts = await modelArtifacts(model, training);
  const staging = path.join(outDir, `.staging-${name}-${uniqueSuffix()}`);
  const write = async (file: string, data: Uint8Array | string) => {
    const target = path.join(staging, file);
    await fs.writeFile(target, data);
    await fs.fsync(target);
  };
  try {
    await fs.mkdir(staging);
    const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    await write(weightsFileName, new Uint8Array(weightData));
    await write(
      modelFileName,
      JSON.stringify({
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: [{ paths: [weightsFileName], weights: artifacts.weightSpecs ?? [] }],
      }),
    );
    if (resumable) {
      const { data, ...adam } = resumable.adam;
      const state: TrainerState = { ...resumable.state, optimizer: { ...adam, file: optimizerFileName } };
      await write(optimizerFileName, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      await write(stateFileName, `${JSON.stringify(state, null, 2)}\n`);
    }
    await fs.fsync(staging);
    await replaceDirectoryDurably(fs, staging, path.join(outDir, name));
  } catch (error) {
    // Best effort: a crashed file system may refuse this too; the next start sweeps it.
    await fs.remove(staging).catch(() => undefined);
    throw error;
  }
}

/**
 * Puts the directory `source` where `target` is, by renames only, fsyncing the parent
 * directory before and after each rename: the old `target` is renamed to `target.old-*`,
 * `source` renamed into place, and the old one removed last. A crash in between leaves
 * `target.old-*` whole, which `recoverCheckpoints` renames back.
 */
export async function replaceDirectoryDurably(fs: CheckpointFileSystem, source: string, target: string): Promise<void> {
  const path = await pathModule();
  const parent = path.dirname(target);
  const old = `${target}.old-${uniqueSuffix()}`;
  await fs.fsync(parent);
  const moved = (await fs.lstat(target)) !== undefined;
  if (moved) {
    await fs.rename(target, old);
    await fs.fsync(parent);
  }
  await fs.rename(source, target);
  await fs.fsync(parent);
  if (moved) {
    await fs.remove(old);
    await fs.fsync(parent);
  }
}

/**
 * Repairs what a crash during `writeCheckpoint` can leave in `outDir`: puts back `latest` or
 * `best` from the newest `<name>.old-*` when it is missing, then removes the remaining
 * `.old-*` copies and any `.staging-*` or `*.saving-*` directory. Returns what it did, for
 * the log. A missing `outDir` is left alone.
 */
export async function recoverCheckpoints(fs: CheckpointFileSystem, outDir: string): Promise<string[]> {
  const path = await pathModule();
  let entries: string[];
  try {
    entries = await fs.readdir(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const actions: string[] = [];
  let changed = false;
  for (const name of ['latest', 'best']) {
    // Nonces start with the time in base 36, so the newest sorts last.
    const old = entries.filter((entry) => entry.startsWith(`${name}.old-`)).sort();
    const newest = old[old.length - 1];
    if (newest !== undefined && !entries.includes(name)) {
      await fs.rename(path.join(outDir, newest), path.join(outDir, name));
      await fs.fsync(outDir);
      old.pop();
      actions.push(`restored ${name} from ${newest}`);
    }
    for (const entry of old) {
      await fs.remove(path.join(outDir, entry));
      changed = true;
      actions.push(`removed ${entry}`);
    }
  }
  for (const entry of entries) {
    if (entry.startsWith('.staging-') || entry.includes('.saving-')) {
      await fs.remove(path.join(outDir, entry));
      changed = true;
      actions.push(`removed ${entry}`);
    }
  }
  if (changed) await fs.fsync(outDir);
  return actions;
}

/** Whether `outDir` holds a run's checkpoints (after `recoverCheckpoints`). */
export async function holdsRun(fs: CheckpointFileSystem, outDir: string): Promise<boolean> {
  const path = await pathModule();
  for (const name of ['latest', 'best']) {
    if ((await fs.lstat(path.join(outDir, name))) !== undefined) return true;
  }
  return false;
}

/** Removes a run's checkpoints from `outDir`, for a new run that was told to overwrite them. */
export async function removeRun(fs: CheckpointFileSystem, outDir: string): Promise<void> {
  const path = await pathModule();
  for (const name of ['latest', 'best']) await fs.remove(path.join(outDir, name));
  await fs.fsync(outDir);
}

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
