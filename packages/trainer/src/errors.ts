import { AddrnnError } from '@addrnn/codec';

/** The training loss became NaN or infinite; the last good checkpoint was left as it was. */
export class TrainingDivergedError extends AddrnnError {
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
}

/** There is no checkpoint to resume from, it cannot be read, or it does not fit the options. */
export class CheckpointError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHECKPOINT', message, options);
    this.name = 'CheckpointError';
  }
}

/**
 * A new run was pointed at an `outDir` that already holds a run's checkpoints: resume it,
 * overwrite it on purpose, or choose another directory.
 */
export class RunExistsError extends AddrnnError {
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
}
