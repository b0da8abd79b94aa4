import { AddrnnError } from '@addrnn/codec';
import { hasMarker, markerOf } from '@addrnn/codec/internal';

const TRAINING_DIVERGED = markerOf('error.TrainingDivergedError');

/** The training loss became NaN or infinite; the last good checkpoint was left as it was. */
export class TrainingDivergedError extends AddrnnError {
  private readonly [TRAINING_DIVERGED] = true;
  /** 1-based epoch in which the loss diverged. */
  readonly epoch: number;
  /** 1-based batch within the epoch; 0 when the validation loss diverged. */
  readonly batch: number;
  /** The learning rate of the batch that diverged. */
  readonly learningRate: number;
  /** The loss that was not finite (NaN or infinite), or the last loss when the weights diverged. */
  readonly loss: number;
  /** What turned non-finite: the loss, or the weights (or Adam's moments) about to be saved. */
  readonly diverged: 'loss' | 'weights';

  constructor(details: {
    epoch: number;
    batch: number;
    learningRate: number;
    loss: number;
    outDir?: string;
    diverged?: 'loss' | 'weights';
  }) {
    const where = details.batch > 0 ? `epoch ${details.epoch}, batch ${details.batch}` : `validation after epoch ${details.epoch}`;
    const kept = details.outDir === undefined ? '' : ` The checkpoints in ${details.outDir} were left as they were.`;
    const what =
      details.diverged === 'weights' ? 'the weights became NaN or infinite' : `the loss became ${details.loss}`;
    super(
      'TRAINING_DIVERGED',
      `training diverged: ${what} at ${where} (learning rate ${details.learningRate}). ` +
        `Try a lower learningRate (e.g. a tenth of it) or clip gradients with clipNorm (e.g. 1).${kept}`,
    );
    this.diverged = details.diverged ?? 'loss';
    this.name = 'TrainingDivergedError';
    this.epoch = details.epoch;
    this.batch = details.batch;
    this.learningRate = details.learningRate;
    this.loss = details.loss;
  }

  /** Whether `value` is this error, from this copy of `@addrnn/trainer` or another. */
  static override isInstance(value: unknown): value is TrainingDivergedError {
    return hasMarker(value, TRAINING_DIVERGED);
  }
}

const CHECKPOINT = markerOf('error.CheckpointError');

/** There is no checkpoint to resume from, it cannot be read, or it does not fit the options. */
export class CheckpointError extends AddrnnError {
  private readonly [CHECKPOINT] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('CHECKPOINT', message, options);
    this.name = 'CheckpointError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/trainer` or another. */
  static override isInstance(value: unknown): value is CheckpointError {
    return hasMarker(value, CHECKPOINT);
  }
}

const RUN_EXISTS = markerOf('error.RunExistsError');

/**
 * A new run was pointed at an `outDir` that already holds a run's checkpoints: resume it,
 * overwrite it on purpose, or choose another directory.
 */
export class RunExistsError extends AddrnnError {
  private readonly [RUN_EXISTS] = true;
  /** The directory that already holds a run. */
  readonly outDir: string;

  constructor(outDir: string) {
    super(
      'RUN_EXISTS',
      `${outDir} already holds a training run (latest/best checkpoints); a new run would overwrite them. ` +
        'Pass resume: true to continue that run, overwrite: true to replace it, or choose another outDir.',
    );
    this.name = 'RunExistsError';
    this.outDir = outDir;
  }

  /** Whether `value` is this error, from this copy of `@addrnn/trainer` or another. */
  static override isInstance(value: unknown): value is RunExistsError {
    return hasMarker(value, RUN_EXISTS);
  }
}

const RUN_LOCKED = markerOf('error.RunLockedError');

/** Who holds a run directory's lock, as its lock file says. */
export interface LockHolder {
  /** Process id of the training run that holds the lock. */
  pid: number;
  /** Host name of the machine it runs on. */
  host: string;
  /** When it took the lock (ISO 8601). */
  startedAt: string;
}

/**
 * Another process is training in `outDir` (a new run or a resumed one): it holds the run
 * directory's lock, and two runs in one directory would overwrite each other's checkpoints.
 */
export class RunLockedError extends AddrnnError {
  private readonly [RUN_LOCKED] = true;
  /** The run directory another process holds. */
  readonly outDir: string;
  /** The lock file in `outDir`. */
  readonly lockFile: string;
  /** What the lock file says; undefined when it names no process (a run that was just starting). */
  readonly holder: LockHolder | undefined;

  constructor(details: { outDir: string; lockFile: string; holder?: LockHolder; localHost: string }) {
    const { outDir, lockFile, holder, localHost } = details;
    const remove = `if no training run is using ${outDir}, delete ${lockFile}`;
    let message: string;
    if (holder === undefined) {
      message = `${outDir} is locked by a training run that is starting (${lockFile} names no process yet); ${remove}.`;
    } else if (holder.host !== localHost) {
      message =
        `${outDir} is locked by process ${holder.pid} on host ${holder.host} (since ${holder.startedAt}), which cannot be ` +
        `checked from ${localHost}; wait for that run to finish, or ${remove}.`;
    } else {
      message =
        `${outDir} is in use: process ${holder.pid} is training there (since ${holder.startedAt}) and holds ${lockFile}. ` +
        `Wait for it to finish or stop it, or train in another directory (${remove}).`;
    }
    super('RUN_LOCKED', message);
    this.name = 'RunLockedError';
    this.outDir = outDir;
    this.lockFile = lockFile;
    this.holder = holder;
  }

  static override isInstance(value: unknown): value is RunLockedError {
    return hasMarker(value, RUN_LOCKED);
  }
}
