import { InvalidOptionError } from '@addrnn/codec';

/**
 * An exponential moving average of batch losses, bias-corrected as Adam's moments are, so that
 * the first batches are not pulled toward 0. With the default smoothing of 0.95 it weighs about
 * the last 20 batches.
 */
export class LossAverage {
  readonly smoothing: number;
  #sum = 0;
  #weight = 0;

  constructor(smoothing = 0.95) {
    if (!(smoothing >= 0 && smoothing < 1)) throw new InvalidOptionError(`LossAverage: smoothing must be a number from 0 to below 1, got ${String(smoothing)}`);
    this.smoothing = smoothing;
  }

  /** Adds one batch's loss (a non-finite loss is skipped) and returns the average. */
  add(loss: number): number {
    if (Number.isFinite(loss)) {
      this.#sum = this.smoothing * this.#sum + (1 - this.smoothing) * loss;
      this.#weight = this.smoothing * this.#weight + (1 - this.smoothing);
    }
    return this.value;
  }

  /** The average so far; NaN before the first loss. */
  get value(): number {
    return this.#weight === 0 ? Number.NaN : this.#sum / this.#weight;
  }
}
