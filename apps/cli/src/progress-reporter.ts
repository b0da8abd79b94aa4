import { formatCount, formatDuration, formatLoss } from './number-format.js';

/** What the progress display needs from a training batch. */
export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  batchSize: number;
  loss: number;
  samplesPerSecond: number;
}

/**
 * Training progress on stderr. On a terminal: one bar redrawn in place, at most ten times a
 * second. Elsewhere (a log file, CI): a plain line every 10% of an epoch, at most one every
 * 5 seconds, so that a long run does not flood the log.
 */
export class ProgressReporter {
  private lastDraw = 0;
  private lastDecile = 0;
  private visible = false;
  private smoothedLoss: number | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly interactive: boolean = stream.isTTY === true,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(progress: BatchProgress): void {
    // An exponential average reads better than the noisy loss of single batches.
    this.smoothedLoss =
      progress.batch === 1 || this.smoothedLoss === undefined
        ? progress.loss
        : 0.95 * this.smoothedLoss + 0.05 * progress.loss;
    if (progress.batch === 1) this.lastDecile = 0;
    const time = this.now();
    const done = progress.batch >= progress.batchesPerEpoch;
    if (this.interactive) {
      if (!done && time - this.lastDraw < 100) return;
      this.lastDraw = time;
      this.stream.write(`\r${this.fit(this.barLine(progress))}\x1b[K`);
      this.visible = true;
      return;
    }
    const decile = Math.floor((10 * progress.batch) / progress.batchesPerEpoch);
    if (decile <= this.lastDecile || done || time - this.lastDraw < 5_000) return;
    this.lastDecile = decile;
    this.lastDraw = time;
    this.stream.write(`${this.plainLine(progress)}\n`);
  }

  /** Removes the bar, so that other output starts on a clean line. */
  clear(): void {
    if (!this.visible) return;
    this.stream.write('\r\x1b[K');
    this.visible = false;
  }

  private barLine(progress: BatchProgress): string {
    const fraction = Math.min(1, progress.batch / progress.batchesPerEpoch);
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return `epoch ${progress.epoch}/${progress.epochs} ${bar} ${this.details(progress)}`;
  }

  private plainLine(progress: BatchProgress): string {
    return `  epoch ${progress.epoch}/${progress.epochs}: ${this.details(progress)}`;
  }

  private details(progress: BatchProgress): string {
    const fraction = Math.min(1, progress.batch / progress.batchesPerEpoch);
    const examples = progress.batch * progress.batchSize;
    const total = progress.batchesPerEpoch * progress.batchSize;
    const remaining = (total - examples) / Math.max(progress.samplesPerSecond, 1e-9);
    return [
      `${Math.floor(fraction * 100)}%`,
      `${formatCount(examples)}/${formatCount(total)}`,
      `${formatCount(progress.samplesPerSecond)} ex/s`,
      `loss ${formatLoss(this.smoothedLoss ?? progress.loss)}`,
      `ETA ${progress.samplesPerSecond > 0 ? formatDuration(remaining) : '?'}`,
    ].join('  ');
  }

  private fit(line: string): string {
    const columns = this.stream.columns;
    return columns !== undefined && columns > 10 && line.length >= columns ? line.slice(0, columns - 1) : line;
  }
}
