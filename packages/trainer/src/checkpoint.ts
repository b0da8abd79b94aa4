import * as tf from '@tensorflow/tfjs';
import { getMetadata, loadModel, type ModelMetadata, type TrainingRecord } from '@addrnn/model';
import { UnreadableFileError } from '@addrnn/model/internal';
import type { AdamState } from './adam-state.js';
import type { CheckpointContents, CheckpointName, CheckpointStore } from './checkpoint-store.js';
import { CheckpointError } from './errors.js';
import type { TrainerState } from './trainer-state.js';
import { validateTrainerState } from './trainer-state-schema.js';

export const stateFileName = 'trainer-state.json';
export const optimizerFileName = 'optimizer.bin';
/** Largest trainer-state.json read (its history grows by about 2 kB an epoch). */
export const maxStateBytes = 64 * 1024 * 1024;

export { trainingLoss } from './trainer-state.js';

export type { PartialEpoch, TrainerState } from './trainer-state.js';

export interface Checkpoint {
  /** Where it was read from, and where its model and Adam state are. */
  store: CheckpointStore;
  /** The `latest` checkpoint, as messages name it. */
  directory: string;
  state: TrainerState;
}

/**
 * Reads and validates the `latest` checkpoint's trainer-state.json; throws CheckpointError when
 * there is none or it is damaged. Run `store.recover()` first to bring back a `latest` that a
 * crash left renamed away.
 */
export async function readCheckpoint(store: CheckpointStore): Promise<Checkpoint> {
  const directory = store.describe('latest');
  if (!(await store.list()).includes('latest')) {
    throw new CheckpointError(
      (await store.exists())
        ? `cannot resume: ${directory} holds no checkpoint (no ${stateFileName}); train without resume to start a new run`
        : `cannot resume: ${store.describe()} does not exist; train without resume to start a new run`,
    );
  }
  const bytes = await readFile(store, stateFileName, maxStateBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CheckpointError(`cannot resume: ${store.describe('latest', stateFileName)} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return { store, directory, state: validateTrainerState(parsed, store.describe('latest', stateFileName)) };
}

/** One file of the `latest` checkpoint, or a CheckpointError that says why it cannot be read. */
async function readFile(store: CheckpointStore, file: string, maxBytes: number): Promise<Uint8Array> {
  const where = store.describe('latest', file);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await store.read('latest', file, maxBytes);
  } catch (error) {
    const reason = UnreadableFileError.isInstance(error) ? error.message : `${where} cannot be read (${(error as Error).message})`;
    throw new CheckpointError(`cannot resume: ${reason}; train without resume to start a new run`, { cause: error });
  }
  if (bytes === undefined) throw new CheckpointError(`cannot resume: ${where} is missing; train without resume to start a new run`);
  return bytes;
}

/** The checkpoint's model and Adam state, read from the store it came from. */
export async function loadCheckpointTensors(
  checkpoint: Checkpoint,
): Promise<{ model: tf.LayersModel; metadata: ModelMetadata; adam: AdamState }> {
  const { store, directory, state } = checkpoint;
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(store.modelSource('latest'));
  } catch (error) {
    throw new CheckpointError(`cannot resume: the model in ${directory} cannot be loaded: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const expected = state.optimizer.moments.reduce(
      (total, moment) => total + moment.shape.reduce((product, dimension) => product * dimension, 1),
      0,
    );
    const bytes = await readFile(store, optimizerFileName, expected * 4);
    if (bytes.byteLength !== expected * 4) {
      throw new CheckpointError(
        `cannot resume: ${store.describe('latest', optimizerFileName)} holds ${bytes.byteLength} bytes, ${stateFileName} describes ${expected * 4}`,
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

/** What a checkpoint holds: the model, and for `latest` the optimizer's moments and the trainer state. */
export async function checkpointContents(
  model: tf.LayersModel,
  training: TrainingRecord,
  resumable?: { state: Omit<TrainerState, 'optimizer'>; adam: AdamState },
): Promise<CheckpointContents> {
  const contents: CheckpointContents = { model: await modelArtifacts(model, training), files: [] };
  if (resumable === undefined) return contents;
  const { data, ...adam } = resumable.adam;
  const state: TrainerState = { ...resumable.state, optimizer: { ...adam, file: optimizerFileName } };
  return {
    ...contents,
    files: [
      [optimizerFileName, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)],
      [stateFileName, `${JSON.stringify(state, null, 2)}\n`],
    ],
  };
}

/**
 * Writes the checkpoint `name` into `store` as one unit: a crash at any point leaves either the
 * old checkpoint or the new one (which the store's `recover` puts back), never a mix.
 */
export async function saveCheckpoint(
  store: CheckpointStore,
  name: CheckpointName,
  model: tf.LayersModel,
  training: TrainingRecord,
  resumable?: { state: Omit<TrainerState, 'optimizer'>; adam: AdamState },
): Promise<void> {
  await store.write(name, await checkpointContents(model, training, resumable));
}
