import type { EncodedBatch, Example } from './example.js';
import type { Random, RandomState } from './random.js';

/**
 * What a training stream draws from: an `ArithmeticDataset`, named by the two methods used so
 * that this file does not import the dataset, which imports it.
 */
export interface TrainSource {
  sampleFrom(split: 'train', random: Random, kind: 'plain' | 'chain'): Example;
  encode(examples: readonly Example[]): EncodedBatch;
}

/** Where a training stream stands: plain JSON, saved with checkpoints to resume the same data order. */
export interface TrainStreamState {
  /** The state of the stream's random generator. */
  random: RandomState;
  /** Batches drawn so far. */
  batches: number;
  /**
   * The questions waiting to be replayed (`replayFraction`), oldest first; absent when the
   * stream replays none.
   */
  replay?: Example[];
}

/** How many wrong questions a stream keeps for replay: the newest, the oldest dropped first. */
export const REPLAY_CAPACITY = 4096;

/** An unbounded stream of encoded training batches; never yields a validation or test question. */
export class TrainStream implements Iterable<EncodedBatch> {
  /** Examples per batch. */
  readonly batchSize: number;
  readonly #dataset: TrainSource;
  readonly #random: Random;
  /** Share of examples drawn with long carry chains, in millionths (0: none, and no draw for it). */
  readonly #chainPerMillion: number;
  /** Rows of each batch given to replayed questions, while there are any. */
  readonly #replayRows: number;
  /** Wrong questions waiting to be replayed, oldest first (`null`: the stream replays none). */
  readonly #replay: Example[] | null;
  /** The last batch's examples, until `recordWrong` or the next batch. */
  #last: Example[] = [];
  #batches: number;
  /** A batch drawn ahead by `prefetch`, and the stream's state before it, until `next` takes it. */
  #ahead: { batch: EncodedBatch; before: TrainStreamState } | undefined;

  /** Made by `ArithmeticDataset.trainStream`. @internal */
  constructor(dataset: TrainSource, random: Random, batchSize: number, batches: number, carryFraction = 0, replayFraction = 0, replay: readonly Example[] = []) {
    this.#dataset = dataset;
    this.#random = random;
    this.batchSize = batchSize;
    this.#batches = batches;
    this.#chainPerMillion = Math.round(carryFraction * 1_000_000);
    this.#replayRows = Math.round(batchSize * replayFraction);
    this.#replay = this.#replayRows > 0 ? replay.slice(-REPLAY_CAPACITY) : null;
  }

  /**
   * Draws the next batch. A stream that replays (`replayFraction`) gives its first rows to
   * questions recorded wrong (`recordWrong`), picked at random from those waiting; each is
   * replayed once, and comes back if it is wrong again.
   */
  next(): EncodedBatch {
    const ahead = this.#ahead;
    if (ahead !== undefined) {
      this.#ahead = undefined;
      return ahead.batch;
    }
    const examples: Example[] = new Array(this.batchSize);
    const random = this.#random;
    const replay = this.#replay ?? [];
    const replayed = Math.min(this.#replayRows, replay.length);
    for (let i = 0; i < replayed; i += 1) examples[i] = replay.splice(random.integer(replay.length), 1)[0]!;
    for (let i = replayed; i < this.batchSize; i += 1) {
      const chain = this.#chainPerMillion > 0 && random.integer(1_000_000) < this.#chainPerMillion;
      examples[i] = this.#dataset.sampleFrom('train', random, chain ? 'chain' : 'plain');
    }
    this.#batches += 1;
    this.#last = examples;
    return this.#dataset.encode(examples);
  }

  /**
   * Draws the next batch now, so that `next` returns it at once: what a trainer calls while it
   * waits (for worker threads), to take the drawing off the next step's path. It changes nothing
   * else: `next` returns the same batches in the same order, and `state` stays where it was until
   * `next` takes the batch, so a checkpoint saved in between resumes to the same data. Does
   * nothing when a batch is already waiting, or on a stream that replays (the next batch holds
   * what `recordWrong` records after this one).
   */
  prefetch(): void {
    if (this.#ahead !== undefined || this.#replay !== null) return;
    const before = this.state();
    this.#ahead = { batch: this.next(), before };
  }

  /**
   * Keeps the last batch's rows at `rows` (those the model got wrong) for replay; the oldest go
   * past `REPLAY_CAPACITY`. Does nothing on a stream that does not replay.
   */
  recordWrong(rows: Iterable<number>): void {
    const replay = this.#replay;
    if (replay === null) return;
    for (const row of rows) {
      const example = this.#last[row];
      if (example !== undefined) replay.push(example);
    }
    if (replay.length > REPLAY_CAPACITY) replay.splice(0, replay.length - REPLAY_CAPACITY);
    this.#last = [];
  }

  /** How many wrong questions wait to be replayed. */
  get waiting(): number {
    return this.#replay?.length ?? 0;
  }

  /** The stream's position: pass it as `trainStream({ batchSize, state })` to continue from here. */
  state(): TrainStreamState {
    if (this.#ahead !== undefined) return this.#ahead.before;
    const state: TrainStreamState = { random: this.#random.state(), batches: this.#batches };
    if (this.#replay !== null) state.replay = this.#replay.map(({ question, answer }) => ({ question, answer }));
    return state;
  }

  /** Batch after batch without end: `for (const batch of stream)` must `break` by itself. */
  *[Symbol.iterator](): Iterator<EncodedBatch> {
    for (;;) yield this.next();
  }
}
