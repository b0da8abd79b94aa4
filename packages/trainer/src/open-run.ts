import { holdsRun, readCheckpoint, recoverCheckpoints, removeRun, type Checkpoint } from './checkpoint.js';
import { defaultFileSystem, type CheckpointFileSystem } from './checkpoint-fs.js';
import { RunExistsError } from './errors.js';
import type { CheckpointInterval, ResolvedTrainOptions, TrainOptions } from './options.js';
import { resolveCheckpointInterval, resolveTrainOptions } from './resolve-options.js';
import { checkLoss } from './resume-checks.js';

/** A run's options and its place on disk, before any model exists. */
export interface OpenedRun {
  resolved: ResolvedTrainOptions;
  interval: CheckpointInterval;
  /** The checkpoint a resumed run continues. */
  checkpoint?: Checkpoint;
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
  const recovered = await recoverCheckpoints(fs, outDir);
  if (options.resume === true) {
    const checkpoint = await readCheckpoint(outDir, fs);
    checkLoss(checkpoint);
    resolved = resolveTrainOptions(options, checkpoint.state.options);
    return { resolved, interval, checkpoint, fs, recovered };
  }
  if (await holdsRun(fs, outDir)) {
    if (options.overwrite !== true) throw new RunExistsError(outDir);
    await removeRun(fs, outDir);
  }
  await fs.mkdir(outDir, { recursive: true });
  return { resolved, interval, fs, recovered };
}
