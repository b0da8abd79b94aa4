import { holdsRun, readCheckpoint, recoverCheckpoints, removeRun, type Checkpoint } from './checkpoint.js';
import { defaultFileSystem, type CheckpointFileSystem } from './checkpoint-fs.js';
import { RunExistsError } from './errors.js';
import type { CheckpointInterval, ResolvedTrainOptions, TrainOptions } from './options.js';
import { resolveCheckpointInterval, resolveTrainOptions } from './resolve-options.js';
import { checkLoss } from './resume-checks.js';
import { lockRun, type RunLock } from './run-lock.js';

/** A run's options and its place on disk, before any model exists. */
export interface OpenedRun {
  resolved: ResolvedTrainOptions;
  interval: CheckpointInterval;
  /** The checkpoint a resumed run continues. */
  checkpoint?: Checkpoint;
  fs?: CheckpointFileSystem;
  /** What was repaired in `outDir` after a crash. */
  recovered: string[];
  /** This run's lock on `outDir`, which `train` releases when the run ends, however it ends. */
  lock?: RunLock;
}

/**
 * The first phase of `train`: validates the options before touching the file system, locks
 * `outDir` for this run (RunLockedError while another process trains there), repairs
 * `outDir` after a crash, reads the checkpoint to resume (whose options fill in what `options`
 * leaves unset) or makes sure a new run overwrites nothing it was not told to.
 */
export async function openRun(options: TrainOptions): Promise<OpenedRun> {
  let resolved = resolveTrainOptions(options);
  const interval = resolveCheckpointInterval(options.checkpointInterval);
  const { outDir } = options;
  if (outDir === undefined) return { resolved, interval, recovered: [] };
  const fs = options.fileSystem ?? (await defaultFileSystem());
  const lock = await lockOutDir(fs, outDir, options.resume === true);
  const held = lock === undefined ? {} : { lock };
  try {
    const recovered = await recoverCheckpoints(fs, outDir);
    if (options.resume === true) {
      const checkpoint = await readCheckpoint(outDir, fs);
      checkLoss(checkpoint);
      resolved = resolveTrainOptions(options, checkpoint.state.options);
      return { resolved, interval, checkpoint, fs, recovered, ...held };
    }
    if (await holdsRun(fs, outDir)) {
      if (options.overwrite !== true) throw new RunExistsError(outDir);
      await removeRun(fs, outDir);
    }
    return { resolved, interval, fs, recovered, ...held };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

/**
 * One run per directory: the lock comes before anything in `outDir` is read or repaired. A
 * resume of a directory that does not exist takes none (readCheckpoint says it does not exist).
 */
async function lockOutDir(fs: CheckpointFileSystem, outDir: string, resume: boolean): Promise<RunLock | undefined> {
  if (!resume) await fs.mkdir(outDir, { recursive: true });
  else if ((await fs.lstat(outDir)) === undefined) return undefined;
  return lockRun(outDir);
}
