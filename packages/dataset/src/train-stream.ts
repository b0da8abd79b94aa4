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
}

/** An unbounded stream of encoded training batches; never yields a validation or test question. */
export class TrainStream implements Iterable<EncodedBatch> {
  /** Examples per batch. */
  readonly batchSize: number;
  readonly #dataset: TrainSource;
  readonly #random: Random;
  /** Share of examples drawn with long carry chains, in millionths (0: none, and no draw for it). */
  readonly #chainPerMillion: number;
  #batches: number;

  /** Made by `ArithmeticDataset.trainStream`. @internal */
  constructor(dataset: TrainSource, random: Random, batchSize: number, batches: number, carryFraction = 0) {
    this.#dataset = dataset;
    this.#random = random;
    this.batchSize = batchSize;
    this.#batches = batches;
    this.#chainPerMillion = Math.round(carryFraction * 1_000_000);
  }

  /** Draws the next batch. */
  next(): EncodedBatch {
    const examples: Example[] = new Array(this.batchSize);
    const random = this.#random;
    for (let i = 0; i < this.batchSize; i += 1) {
      const chain = this.#chainPerMillion > 0 && random.integer(1_000_000) < this.#chainPerMillion;
      examples[i] = this.#dataset.sampleFrom('train', random, chain ? 'chain' : 'plain');
    }
    this.#batches += 1;
    return this.#dataset.encode(examples);
  }

  /** The stream's position: pass it as `trainStream({ batchSize, state })` to continue from here. */
  state(): TrainStreamState {
    return { random: this.#random.state(), batches: this.#batches };
  }

  /** Batch after batch without end: `for (const batch of stream)` must `break` by itself. */
  *[Symbol.iterator](): Iterator<EncodedBatch> {
    for (;;) yield this.next();
  }
}
