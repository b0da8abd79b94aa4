import { AddrnnError } from '@addrnn/codec';
import { hasMarker, markerOf } from '@addrnn/codec/internal';

const GRADIENT_WORKER = markerOf('error.GradientWorkerError');

/**
 * A gradient worker of the parallel training step failed, exited or did not answer in time. An
 * error thrown inside a worker (where no `@addrnn` package is loaded) arrives here as its text.
 */
export class GradientWorkerError extends AddrnnError {
  private readonly [GRADIENT_WORKER] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('GRADIENT_WORKER_FAILED', message, options);
    this.name = 'GradientWorkerError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is GradientWorkerError {
    return hasMarker(value, GRADIENT_WORKER);
  }
}

const DISPOSED_TRAIN_STEP = markerOf('error.DisposedTrainStepError');

/** A parallel training step was called after `dispose()`. */
export class DisposedTrainStepError extends AddrnnError {
  private readonly [DISPOSED_TRAIN_STEP] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('TRAIN_STEP_DISPOSED', message, options);
    this.name = 'DisposedTrainStepError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is DisposedTrainStepError {
    return hasMarker(value, DISPOSED_TRAIN_STEP);
  }
}
