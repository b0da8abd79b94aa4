import type * as tf from '@tensorflow/tfjs';
import type { TrainStreamState } from '@addrnn/dataset';
import { loadModel, replaceDirectory, saveModel, type ModelMetadata } from '@addrnn/model';
import type { AdamState } from './adam-state.js';
import type { AccuracyCounts } from './answer-accuracy.js';
import type { EpochLog } from './epoch-log.js';
import { CheckpointError } from './errors.js';
import type { ResolvedTrainOptions } from './options.js';

// Checkpoints live on a file system: node:fs is imported on first use, so that `train` without
// `outDir` runs where there is none (a browser Web Worker).

export const stateFileName = 'trainer-state.json';
export const optimizerFileName = 'optimizer.bin';

/** Everything besides the weights that a resumed run needs; JSON in `latest/trainer-state.json`. */
export interface TrainerState {
  format: 'addrnn-trainer-state';
  formatVersion: 1;
  options: ResolvedTrainOptions;
  /** Completed epochs. */
  epoch: number;
  /** Batches of epoch `epoch + 1` trained already: above 0 only in a checkpoint written on abort. */
  batchInEpoch: number;
  /** Training totals of that unfinished epoch. */
  partialEpoch: PartialEpoch;
  examplesSeen: number;
  learningRate: number;
  elapsedSeconds: number;
  best: { epoch: number; exactMatch: number };
  history: EpochLog[];
  /** Position of the training stream, so a resumed run sees the same batches. */
  stream: TrainStreamState;
  /** Adam's state; the moments are float32 in `optimizer.bin`, in this order. */
  optimizer: Omit<AdamState, 'data'> & { file: string };
  savedAt: string;
}

export interface PartialEpoch {
  lossSum: number;
  counts: AccuracyCounts;
  trainingSeconds: number;
}

export interface Checkpoint {
  directory: string;
  state: TrainerState;
}

type TrainingProvenance = NonNullable<ModelMetadata['training']>;

async function node() {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return { fs, path };
}

/** Reads `outDir/latest/trainer-state.json`; throws CheckpointError when there is none. */
export async function readCheckpoint(outDir: string): Promise<Checkpoint> {
  const { fs, path } = await node();
  const directory = await findLatest(outDir);
  const file = path.join(directory, stateFileName);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CheckpointError(
      `cannot resume: ${file} cannot be read (${(error as Error).message}); train without resume to start a new run`,
      { cause: error },
    );
  }
  let state: TrainerState;
  try {
    state = JSON.parse(text) as TrainerState;
  } catch (error) {
    throw new CheckpointError(`cannot resume: ${file} is not valid JSON`, { cause: error });
  }
  if (state?.format !== 'addrnn-trainer-state' || state.formatVersion !== 1) {
    throw new CheckpointError(
      `cannot resume: ${file} is not an addrnn trainer state of format version 1 (format ${JSON.stringify(state?.format)}, version ${JSON.stringify(state?.formatVersion)})`,
    );
  }
  return { directory, state };
}

/** The checkpoint's model and Adam state. */
export async function loadCheckpointTensors(
  checkpoint: Checkpoint,
): Promise<{ model: tf.LayersModel; metadata: ModelMetadata; adam: AdamState }> {
  const { fs, path } = await node();
  const { directory, state } = checkpoint;
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(directory);
  } catch (error) {
    throw new CheckpointError(`cannot resume: the model in ${directory} cannot be loaded: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const file = path.join(directory, state.optimizer.file);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    loaded.model.dispose();
    throw new CheckpointError(`cannot resume: ${file} cannot be read (${(error as Error).message})`, { cause: error });
  }
  const expected = state.optimizer.moments.reduce(
    (total, moment) => total + moment.shape.reduce((product, dimension) => product * dimension, 1),
    0,
  );
  if (bytes.byteLength !== expected * 4) {
    loaded.model.dispose();
    throw new CheckpointError(
      `cannot resume: ${file} holds ${bytes.byteLength} bytes, ${stateFileName} describes ${expected * 4}`,
    );
  }
  // Copy: a Buffer's bytes may sit at an offset that is not a multiple of 4.
  const data = new Float32Array(new Uint8Array(bytes).buffer);
  const { file: _file, ...adam } = state.optimizer;
  return { model: loaded.model, metadata: loaded.metadata, adam: { ...adam, data } };
}

/**
 * Writes `outDir/<name>` as one unit: the model, and for `latest` the trainer and Adam state,
 * go into a fresh directory that then replaces the old one by rename. A crash leaves either
 * the old checkpoint or the new one, never a mix.
 */
export async function writeCheckpoint(
  outDir: string,
  name: 'latest' | 'best',
  model: tf.LayersModel,
  training: TrainingProvenance,
  resumable?: { state: Omit<TrainerState, 'optimizer'>; adam: AdamState },
): Promise<void> {
  const { fs, path } = await node();
  await fs.mkdir(outDir, { recursive: true });
  const nonce = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const staging = path.join(outDir, `.staging-${name}-${nonce}`);
  try {
    await saveModel(model, staging, { training });
    if (resumable) {
      const { data, ...adam } = resumable.adam;
      const state: TrainerState = { ...resumable.state, optimizer: { ...adam, file: optimizerFileName } };
      await fs.writeFile(path.join(staging, optimizerFileName), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      await fs.writeFile(path.join(staging, stateFileName), `${JSON.stringify(state, null, 2)}\n`);
    }
    await replaceDirectory(staging, path.join(outDir, name));
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `outDir/latest`, or the previous one if a crash came between the two renames of
 * `replaceDirectory`.
 */
async function findLatest(outDir: string): Promise<string> {
  const { fs, path } = await node();
  const latest = path.join(outDir, 'latest');
  try {
    await fs.access(path.join(latest, stateFileName));
    return latest;
  } catch {
    // Fall through: look for a checkpoint that a crash left behind.
  }
  let entries: string[] = [];
  try {
    entries = await fs.readdir(outDir);
  } catch {
    throw new CheckpointError(`cannot resume: ${outDir} does not exist; train without resume to start a new run`);
  }
  const leftOver = entries.filter((entry) => entry.startsWith('latest.old-')).sort();
  const newest = leftOver[leftOver.length - 1];
  if (newest !== undefined) return path.join(outDir, newest);
  throw new CheckpointError(
    `cannot resume: ${latest} holds no checkpoint (no ${stateFileName}); train without resume to start a new run`,
  );
}
