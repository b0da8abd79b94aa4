import { readCheckpoint, type Checkpoint } from './checkpoint.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { RunExistsError } from './errors.js';
import { createNodeCheckpointStore } from './node-checkpoint-store.js';
import type { CheckpointInterval, ResolvedTrainOptions, TrainOptions } from './options.js';
import type { ScheduleScaling } from './schedule-scaling.js';
import { resolveCheckpointInterval, resolveRunOptions, resolveTrainOptions } from './resolve-options.js';
import { checkLoss } from './resume-checks.js';
import { lockRun, type RunLock } from './run-lock.js';

/** A run's options and its place on disk, before any model exists. */
export interface OpenedRun {
  resolved: ResolvedTrainOptions;
  /** How a fresh run's schedule was fitted to its budget (absent on resume: the checkpoint's is kept). */
  scheduleScaled?: ScheduleScaling;
  interval: CheckpointInterval;
  /** The checkpoint a resumed run continues. */
  checkpoint?: Checkpoint;
  /** Where the run's checkpoints are written and read: `checkpointStore`, or the Node.js store of `outDir`. */
  store?: CheckpointStore;
  /** What was repaired in the store after a crash. */
  recovered: string[];
  /** This run's lock on `outDir`, which `train` releases when the run ends, however it ends. */
  lock?: RunLock;
}

/**
 * The first phase of `train`: validates the options before touching the file system, locks
 * `outDir` for this run (RunLockedError while another process trains there), repairs the store
 * after a crash, reads the checkpoint to resume (whose options fill in what `options` leaves
 * unset) or makes sure a new run overwrites nothing it was not told to. A `checkpointStore`
 * given in the options takes the place of `outDir`'s store, without a lock.
 */
export async function openRun(options: TrainOptions): Promise<OpenedRun> {
  const fresh = resolveRunOptions(options);
  let resolved = fresh.resolved;
  const interval = resolveCheckpointInterval(options.checkpointInterval);
  const place = await openStore(options);
  const scaling = fresh.scheduleScaled === undefined ? {} : { scheduleScaled: fresh.scheduleScaled };
  if (place === undefined) return { resolved, ...scaling, interval, recovered: [] };
  const { store, lock } = place;
  const held = lock === undefined ? {} : { lock };
  try {
    const recovered = await store.recover();
    if (options.resume === true) {
      const checkpoint = await readCheckpoint(store);
      checkLoss(checkpoint);
      resolved = resolveTrainOptions(options, checkpoint.state.options);
      return { resolved, interval, checkpoint, store, recovered, ...held };
    }
    const existing = await store.list();
    if (existing.length > 0) {
      if (options.overwrite !== true) throw new RunExistsError(store.describe());
      await store.remove(existing);
    }
    return { resolved, ...scaling, interval, store, recovered, ...held };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

/** The run's store (a new run's made to exist), and the lock of `outDir`'s; undefined when the run keeps no checkpoints. */
async function openStore(options: TrainOptions): Promise<{ store: CheckpointStore; lock?: RunLock } | undefined> {
  const resume = options.resume === true;
  if (options.checkpointStore !== undefined) {
    const store = options.checkpointStore;
    if (!resume) await store.create();
    return { store };
  }
  const { outDir } = options;
  if (outDir === undefined) return undefined;
  const store = await createNodeCheckpointStore(outDir, options.fileSystem);
  const lock = await lockOutDir(store, outDir, resume);
  return lock === undefined ? { store } : { store, lock };
}

/**
 * One run per directory: the lock comes before anything in `outDir` is read or repaired. A
 * resume of a directory that does not exist takes none (readCheckpoint says it does not exist).
 */
async function lockOutDir(store: CheckpointStore, outDir: string, resume: boolean): Promise<RunLock | undefined> {
  if (!resume) await store.create();
  else if (!(await store.exists())) return undefined;
  return lockRun(outDir);
}
