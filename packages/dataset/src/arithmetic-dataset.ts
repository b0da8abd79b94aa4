import { Codec, InvalidArgumentError, InvalidOptionError, operatorTask, sequenceLayout, type ExampleLayout, type OperatorTask, type TaskOptions } from '@addrnn/codec';
import { checkSeed, describeValue } from '@addrnn/codec/internal';
import { checkBatchSize } from './batch-size.js';
import type { EncodedBatch, Example, HardCase } from './example.js';
import { checkExamples, checkLayout, encodeExamples, encodeWithLayout } from './encode-examples.js';
import { buildHardCases } from './hard-cases.js';
import type { Distribution } from './operand.js';
import { checkRandom, createRandom, type Random, type RandomState } from './random.js';
import { normalisePair, resolveSplitOptions, splitOfResolved, type Split, type SplitOptions } from './split.js';
import { TrainStream, type TrainSource, type TrainStreamState } from './train-stream.js';

/** Options of `new ArithmeticDataset(options)`: the task, the seed, the operand distribution and the splits. */
export interface DatasetOptions extends SplitOptions {
  /** The task: a codec, or the options to make one. @default new Codec() (5 digits, '+') */
  codec?: Codec | TaskOptions;
  /** Seed of every stream and fixed set drawn from this dataset. @default 1 */
  seed?: number;
  /** How operands are drawn. @default 'keras' (operand length uniform in 1..digits) */
  distribution?: Distribution;
}

// Each stream gets its own generator, derived from the seed and a fixed stream number, so that
// drawing more validation questions never shifts the training stream.
const STREAM = { train: 1, validation: 2, test: 3 } as const;
// Pairs are enumerated exactly up to this many digits (10^3 x 10^3 pairs at most).
const ENUMERABLE_DIGITS = 3;
// Gives up on a fixed set after this many draws per wanted example rather than looping forever.
const DRAWS_PER_EXAMPLE = 20_000;
// sampleFrom gives up after this many draws per expected hit (at least MIN_SAMPLE_DRAWS): a split
// that holds a share f of all questions is hit within 200/f draws but with odds of about e^-200.
const DRAWS_PER_EXPECTED_HIT = 200;
const MIN_SAMPLE_DRAWS = 1_000_000;

const SPLITS: readonly Split[] = ['train', 'validation', 'test'];

function checkSplit(split: unknown, name = 'split'): Split {
  if (!SPLITS.includes(split as Split)) {
    throw new InvalidArgumentError(`${name} must be "train", "validation" or "test", got ${describeValue(split)}`);
  }
  return split as Split;
}

/** Seeded, reproducible arithmetic examples with train / validation / test splits that never overlap. */
export class ArithmeticDataset {
  /** The codec of the task: its digits and operators, and how `encode` lays examples out. */
  readonly codec: Codec;
  /** The seed every stream and fixed set of this dataset is drawn from. */
  readonly seed: number;
  /** How operands are drawn: `'keras'` or `'uniform'`. */
  readonly distribution: Distribution;
  readonly #split: { validationFraction: number; testFraction: number; salt: string };
  /** The descriptors of the codec's operators, in its order: they draw and count its questions. */
  readonly #tasks: readonly OperatorTask[];
  readonly #pairCounts = new Map<Split | 'all', number>();

  readonly #maxSampleDraws = new Map<Split, number>();

  constructor(options: DatasetOptions = {}) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new InvalidOptionError(`options must be an object (DatasetOptions), got ${describeValue(options)}`);
    }
    const { codec, seed = 1, distribution = 'keras', ...splitOptions } = options;
    // Codec.from also takes a codec made by another copy of @addrnn/codec, where instanceof fails.
    this.codec = Codec.from(codec);
    checkSeed(seed, 'seed');
    if (distribution !== 'keras' && distribution !== 'uniform') {
      throw new InvalidOptionError(`distribution must be "keras" or "uniform", got ${describeValue(distribution)}`);
    }
    this.seed = seed;
    this.distribution = distribution;
    this.#split = resolveSplitOptions(splitOptions);
    this.#tasks = this.codec.operators.map(operatorTask);
  }

  /** The split of a question under this dataset's fractions and salt. */
  splitOf(question: string): Split {
    if (typeof question !== 'string') {
      throw new InvalidArgumentError(`question must be a string like "535+61", got ${describeValue(question)}`);
    }
    const { validationFraction, testFraction, salt } = this.#split;
    return splitOfResolved(question, validationFraction, testFraction, salt);
  }

  /** A generator for one of this dataset's streams. */
  random(stream: keyof typeof STREAM): Random {
    checkSplit(stream, 'stream');
    return createRandom((this.seed ^ Math.imul(STREAM[stream], 0x9e3779b1)) >>> 0);
  }

  /** One example of any split, its operands drawn as its operator's descriptor says. */
  sample(random: Random): Example {
    checkRandom(random);
    return this.#draw(random, 'plain');
  }

  /**
   * One example whose operands make a long carry chain (`+`, `*`) or borrow chain (`-`), like
   * the hard cases (99999+1, 49999+50001): its operator's descriptor draws them (`drawChainPair`).
   */
  sampleChain(random: Random): Example {
    checkRandom(random);
    return this.#draw(random, 'chain');
  }

  /** An operator of the codec, uniformly (no draw when it has one), then its operands. */
  #draw(random: Random, kind: 'plain' | 'chain'): Example {
    const tasks = this.#tasks;
    const task = tasks[tasks.length === 1 ? 0 : random.integer(tasks.length)]!;
    const digits = this.codec.digits;
    const [left, right] = kind === 'chain' ? task.drawChainPair(random, digits) : task.drawOperands(random, digits, this.distribution);
    const question = `${left}${task.symbol}${right}`;
    return { question, answer: this.codec.solve(question) };
  }

  /**
   * One example of the given split, by rejection; `kind: 'chain'` draws it with `sampleChain`.
   * @throws InvalidOptionError when the split is empty, or when so many draws missed it that it
   * is empty for this kind of draw (chains of a tiny task can all fall outside a split).
   */
  sampleFrom(split: Split, random: Random, kind: 'plain' | 'chain' = 'plain'): Example {
    checkSplit(split);
    checkRandom(random);
    if (kind !== 'plain' && kind !== 'chain') throw new InvalidArgumentError(`kind must be "plain" or "chain", got ${describeValue(kind)}`);
    this.#assertSplitNotEmpty(split);
    const maxDraws = this.#maxSampleDraws.get(split) ?? this.#computeMaxSampleDraws(split);
    for (let draws = 0; draws < maxDraws; draws += 1) {
      const example = kind === 'chain' ? this.sampleChain(random) : this.sample(random);
      if (this.splitOf(example.question) === split) return example;
    }
    throw new InvalidOptionError(
      `drew ${maxDraws} ${kind === 'chain' ? 'carry-chain ' : ''}questions of ${this.#describeTask()} without one in the ${split} split; it is empty or nearly so for these draws: change validationFraction, testFraction or salt`,
    );
  }

  /**
   * An unbounded stream of encoded training batches; pass a saved `state` (and the same
   * `layout`) to continue where it stopped. `carryFraction` (0..1, default 0) of the examples,
   * on average, are drawn with `sampleChain` instead of the dataset's distribution; at 0 the
   * stream is exactly the plain one. `layout` (default `sequenceLayout(codec)`) is the model
   * family's `ExampleLayout` the same examples are encoded in, e.g. `alignedExampleLayout`;
   * every operator of the codec must be one the layout lays out. `replayFraction` (0 to below 1,
   * default 0) of each batch goes to training questions the model got wrong, once the trainer
   * records them with `stream.recordWrong(rows)` (hard-example replay); at 0 the stream is
   * exactly the one without it.
   */
  trainStream(options: { batchSize: number; state?: TrainStreamState; carryFraction?: number; replayFraction?: number; layout?: ExampleLayout }): TrainStream {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidOptionError(`options must be an object { batchSize, state?, carryFraction?, replayFraction?, layout? }, got ${describeValue(options)}`);
    }
    const { batchSize, state, carryFraction = 0, replayFraction = 0 } = options;
    const layout = checkLayout(options.layout ?? sequenceLayout(this.codec), this.codec);
    if (state !== undefined && (typeof state !== 'object' || state === null || !Number.isSafeInteger(state.batches) || state.batches < 0)) {
      throw new InvalidOptionError(`state must be a saved stream state { random, batches } with batches a non-negative integer, got ${describeValue(state)}`);
    }
    checkBatchSize(batchSize);
    if (typeof carryFraction !== 'number' || !(carryFraction >= 0 && carryFraction <= 1)) {
      throw new InvalidOptionError(`carryFraction must be a number from 0 to 1, got ${describeValue(carryFraction)}`);
    }
    if (typeof replayFraction !== 'number' || !(replayFraction >= 0 && replayFraction < 1)) {
      throw new InvalidOptionError(`replayFraction must be a number from 0 to below 1, got ${describeValue(replayFraction)}`);
    }
    const replay = state?.replay ?? [];
    if (!Array.isArray(replay) || !replay.every((example) => typeof example?.question === 'string' && typeof example?.answer === 'string')) {
      throw new InvalidOptionError(`state.replay must be a list of { question, answer } strings, got ${describeValue(state?.replay)}`);
    }
    this.#assertSplitNotEmpty('train');
    const random = state ? createRandom(state.random as RandomState) : this.random('train');
    const source: TrainSource = { sampleFrom: (split, draw, kind) => this.sampleFrom(split, draw, kind), encode: (examples) => encodeWithLayout(layout, examples) };
    return new TrainStream(source, random, batchSize, state?.batches ?? 0, carryFraction, replayFraction, replay);
  }

  /** The first `size` distinct validation questions of this seed (same seed, same set). */
  validationSet(size: number): Example[] {
    return this.#fixedSet('validation', size);
  }

  /** The first `size` distinct test questions of this seed (same seed, same set). */
  testSet(size: number): Example[] {
    return this.#fixedSet('test', size);
  }

  /** Carry chains, zeros, maxima and one-digit against full-length operands, for this task. */
  hardCases(): HardCase[] {
    return buildHardCases(this.codec, (question) => this.splitOf(question));
  }

  /** Encodes examples into one batch (reusing `into`'s buffers when they fit); see `encodeExamples`. */
  encode(examples: readonly Example[], into?: EncodedBatch): EncodedBatch {
    return encodeExamples(this.codec, examples, into);
  }

  /** Encoded batches over a fixed list of examples; the last batch may be smaller. */
  *batches(examples: readonly Example[], batchSize: number): Generator<EncodedBatch> {
    checkExamples(examples);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new InvalidOptionError(`batchSize must be a positive integer, got ${describeValue(batchSize)}`);
    }
    for (let start = 0; start < examples.length; start += batchSize) {
      yield this.encode(examples.slice(start, start + batchSize));
    }
  }

  /**
   * How many distinct pairs (a+b and b+a counted once for commutative operators such as `+`)
   * exist in a split, or in all. Exact for every digit count when no split is given; exact per
   * split up to 3 digits, and estimated from the split's fraction above that.
   */
  distinctPairs(split?: Split): number {
    if (split !== undefined) checkSplit(split);
    const key = split ?? 'all';
    const cached = this.#pairCounts.get(key);
    if (cached !== undefined) return cached;
    const values = 10 ** this.codec.digits;
    const all = this.#tasks.reduce((total, task) => total + (task.commutative ? (values * (values + 1)) / 2 : values * values), 0);
    let count = all;
    if (split !== undefined) {
      count = this.codec.digits <= ENUMERABLE_DIGITS ? this.#enumerateSplits()[split] : Math.round(all * this.#fraction(split));
    }
    this.#pairCounts.set(key, count);
    return count;
  }

  #fraction(split: Split): number {
    const { validationFraction, testFraction } = this.#split;
    return split === 'validation' ? validationFraction : split === 'test' ? testFraction : 1 - validationFraction - testFraction;
  }

  #enumerateSplits(): Record<Split, number> {
    const counts: Record<Split, number> = { train: 0, validation: 0, test: 0 };
    const values = 10 ** this.codec.digits;
    for (const { symbol, commutative } of this.#tasks) {
      for (let left = 0; left < values; left += 1) {
        for (let right = commutative ? left : 0; right < values; right += 1) {
          counts[this.splitOf(`${left}${symbol}${right}`)] += 1;
        }
      }
    }
    for (const split of ['train', 'validation', 'test'] as const) this.#pairCounts.set(split, counts[split]);
    return counts;
  }

  #describeTask(): string {
    return `${this.codec.digits}-digit "${this.codec.operators.join('')}"`;
  }

  /**
   * Throws when a split holds no question, for every digit count: exactly up to 3 digits (by
   * enumeration); above that when its fraction is 0 or leaves less than one pair expected.
   */
  #assertSplitNotEmpty(split: Split): void {
    const empty = this.#fraction(split) === 0 || this.distinctPairs(split) === 0;
    if (empty) {
      const { validationFraction, testFraction } = this.#split;
      throw new InvalidOptionError(
        `the ${split} split of ${this.#describeTask()} questions is empty${this.codec.digits > ENUMERABLE_DIGITS && this.#fraction(split) > 0 ? ' or expected to hold less than one question' : ''} (validationFraction ${validationFraction}, testFraction ${testFraction}); change validationFraction, testFraction or salt`,
      );
    }
  }

  #computeMaxSampleDraws(split: Split): number {
    const share = this.distinctPairs(split) / this.distinctPairs();
    const draws = Math.max(MIN_SAMPLE_DRAWS, Math.ceil(DRAWS_PER_EXPECTED_HIT / share));
    this.#maxSampleDraws.set(split, draws);
    return draws;
  }

  #fixedSet(split: Split, size: number): Example[] {
    if (!Number.isInteger(size) || size < 0) {
      throw new InvalidOptionError(`${split} set size must be a non-negative integer, got ${describeValue(size)}`);
    }
    if (size > 0) this.#assertSplitNotEmpty(split);
    const available = this.distinctPairs(split);
    if (this.codec.digits <= ENUMERABLE_DIGITS && size > available) {
      throw new InvalidOptionError(
        `cannot draw ${size} distinct ${split} questions: only ${available} distinct ${this.codec.digits}-digit pairs exist in the ${split} split`,
      );
    }
    const random = this.random(split === 'train' ? 'train' : split);
    const seen = new Set<string>();
    const examples: Example[] = [];
    const maxDraws = Math.max(1_000_000, size * DRAWS_PER_EXAMPLE);
    for (let draws = 0; examples.length < size; draws += 1) {
      if (draws >= maxDraws) {
        throw new InvalidOptionError(
          `found only ${examples.length} of ${size} distinct ${split} questions after ${maxDraws} draws; ask for fewer or use distribution "uniform"`,
        );
      }
      const example = this.sample(random);
      if (this.splitOf(example.question) !== split) continue;
      const key = normalisePair(example.question);
      if (seen.has(key)) continue;
      seen.add(key);
      examples.push(example);
    }
    return examples;
  }
}
