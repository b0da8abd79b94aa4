import { readCheckpoint, type Checkpoint } from './checkpoint.js';
import { defaultFileSystem, type CheckpointFileSystem } from './checkpoint-fs.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { RunExistsError } from './errors.js';
import { createNodeCheckpointStore } from './node-checkpoint-store.js';
import type { CheckpointInterval, ResolvedTrainOptions, TrainOptions } from './options.js';
import { resolveCheckpointInterval, resolveTrainOptions } from './resolve-options.js';
import { checkLoss } from './resume-checks.js';

/** A run's options and its place on disk, before any model exists. */
export interface OpenedRun {
  resolved: ResolvedTrainOptions;
  interval: CheckpointInterval;
  /** The checkpoint a resumed run continues. */
  checkpoint?: Checkpoint;
  /** Where the run's checkpoints go. */
  store?: CheckpointStore;
  /** The file system under `store`, for the writers that still take `fs` and `outDir`. */
  fs?: CheckpointFileSystem;
  /** What was repaired in `outDir` after a crash. */
  recovered: string[];
}

/**
 * The first phase of `train`: validates the options before touching the file system, repairs
 * `outDir` after a crash, reads the checkpoint to resume (whose options fill in what `options`
 * leaves unset) or makes sure a new run overwrites nothing it was not told to.
 */
export async function openRun(options: TrainOptions): Promise<OpenedRun> {
  let resolved = resolveTrainOptions(options);
  const interval = resolveCheckpointInterval(options.checkpointInterval);
  const { outDir } = options;
  if (outDir === undefined) return { resolved, interval, recovered: [] };
  const fs = options.fileSystem ?? (await defaultFileSystem());
  const store = await createNodeCheckpointStore(outDir, fs);
  const recovered = await store.recover();
  if (options.resume === true) {
    const checkpoint = await readCheckpoint(store);
    checkLoss(checkpoint);
    resolved = resolveTrainOptions(options, checkpoint.state.options);
    return { resolved, interval, checkpoint, store, fs, recovered };
  }
  const held = await store.list();
  if (held.length > 0) {
    if (options.overwrite !== true) throw new RunExistsError(outDir);
    await store.remove(held);
  }
  await store.create();
  return { resolved, interval, store, fs, recovered };
}
