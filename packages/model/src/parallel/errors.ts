import { AddrnnError } from '@addrnn/codec';

/** A gradient worker of the parallel training step failed, exited or did not answer in time. */
export class GradientWorkerError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('GRADIENT_WORKER_FAILED', message, options);
    this.name = 'GradientWorkerError';
  }
}

/** A parallel training step was called after `dispose()`. */
export class DisposedTrainStepError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('TRAIN_STEP_DISPOSED', message, options);
    this.name = 'DisposedTrainStepError';
  }
}
