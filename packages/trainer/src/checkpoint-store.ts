import type * as tf from '@tensorflow/tfjs';

/** A run's two checkpoints: `latest` (model and everything a resume needs) and `best` (the model only). */
export type CheckpointName = 'latest' | 'best';

export const CHECKPOINT_NAMES: readonly CheckpointName[] = ['latest', 'best'];

/** What one checkpoint holds. */
export interface CheckpointContents {
  /** The model, as tfjs's `model.save` hands it to a save handler. */
  model: tf.io.ModelArtifacts;
  /** More files, written after the model in this order (`latest`: optimizer.bin, then trainer-state.json). */
  files: readonly (readonly [name: string, data: Uint8Array | string])[];
}

/**
 * Where a run keeps its checkpoints. The trainer reaches its storage only through this: the
 * Node.js file system (`createNodeCheckpointStore`, a run directory `outDir` holding `latest/`
 * and `best/`) is one implementation; a browser store (IndexedDB) can be another.
 *
 * Contract: `write` replaces a checkpoint as one unit (a crash leaves the old one or the new one,
 * never a mix, once `recover` has run); `read` never returns more than `maxBytes`.
 *
 * One store holds one run. `train` takes one as `TrainOptions.checkpointStore` in place of
 * `outDir`; such a store takes no lock, so keeping two runs out of it at once is its owner's
 * business (the Node.js store made from `outDir` is locked by `outDir/.lock`).
 */
export interface CheckpointStore {
  /** Names the run (no arguments), a checkpoint, or one of its files, in messages. */
  describe(name?: CheckpointName, file?: string): string;
  /** Repairs what a crash during `write` left; resolves to what it did, in words, for the log. */
  recover(): Promise<string[]>;
  /** Whether the run's place exists at all (it may hold no checkpoint yet). */
  exists(): Promise<boolean>;
  /** The checkpoints the run holds. */
  list(): Promise<CheckpointName[]>;
  /** Makes the run's place exist, for a new run. */
  create(): Promise<void>;
  /** Writes the checkpoint `name` as one unit, then swaps it in for the old one. */
  write(name: CheckpointName, contents: CheckpointContents): Promise<void>;
  /**
   * The bytes of one of a checkpoint's files; undefined when it has none. One larger than
   * `maxBytes`, or one that is not a plain file, is refused with the model's UnreadableFileError.
   */
  read(name: CheckpointName, file: string, maxBytes: number): Promise<Uint8Array | undefined>;
  /** A checkpoint's model, as `loadModel` takes it: a directory, a URL or a tfjs IO handler. */
  modelSource(name: CheckpointName): string | tf.io.IOHandler;
  /** Removes the named checkpoints. */
  remove(names: readonly CheckpointName[]): Promise<void>;
}

/** The methods of `CheckpointStore`, which `train` checks a `checkpointStore` option for. */
export const CHECKPOINT_STORE_METHODS = [
  'describe',
  'recover',
  'exists',
  'list',
  'create',
  'write',
  'read',
  'modelSource',
  'remove',
] as const satisfies readonly (keyof CheckpointStore)[];

// Every method of the interface is in the list: a method added to one and not the other fails here.
type Missing = Exclude<keyof CheckpointStore, (typeof CHECKPOINT_STORE_METHODS)[number]>;
const complete: [Missing] extends [never] ? true : false = true;
void complete;
