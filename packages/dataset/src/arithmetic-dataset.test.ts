import { Codec, InvalidArgumentError, InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { ArithmeticDataset } from './arithmetic-dataset.js';
import { normalisePair } from './split.js';

describe('ArithmeticDataset', () => {
  it('draws Keras-style examples: operand lengths uniform in 1..digits, exact answers', () => {
    const dataset = new ArithmeticDataset({ seed: 3 });
    const random = dataset.random('train');
    const lengths = new Array<number>(6).fill(0);
    for (let i = 0; i < 20_000; i += 1) {
      const { question, answer } = dataset.sample(random);
      expect(dataset.codec.solve(question)).toBe(answer);
      const [left] = question.split('+') as [string];
      // Leading zeros are dropped, so a drawn length of n shows as n digits ~90% of the time.
      lengths[left.length]! += 1;
    }
    expect(lengths[5]! / 20_000).toBeCloseTo(0.2 * 0.9, 1);
    expect(lengths[1]! / 20_000).toBeGreaterThan(0.2);
  }, 60_000);

  it('draws uniform-over-values examples on request', () => {
    const dataset = new ArithmeticDataset({ seed: 3, distribution: 'uniform' });
    const random = dataset.random('train');
    let fiveDigits = 0;
    for (let i = 0; i < 5000; i += 1) {
      const [left] = dataset.sample(random).question.split('+') as [string];
      if (left.length === 5) fiveDigits += 1;
    }
    expect(fiveDigits / 5000).toBeCloseTo(0.9, 1);
  });

  it('handles subtraction with negative answers and multiplication', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 3, operators: ['-', '*'] }, seed: 5 });
    const random = dataset.random('train');
    const operators = new Set<string>();
    let negative = 0;
    for (let i = 0; i < 2000; i += 1) {
      const { question, answer } = dataset.sample(random);
      operators.add(question.includes('-') ? '-' : '*');
      if (answer.startsWith('-')) negative += 1;
      expect(dataset.codec.solve(question)).toBe(answer);
    }
    expect([...operators].sort()).toEqual(['*', '-']);
    expect(negative).toBeGreaterThan(200);
  });

  it('never shows a validation or test question in 200,000 training examples', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 3 }, seed: 11 });
    const heldOut = new Set(
      [...dataset.validationSet(500), ...dataset.testSet(500)].map((example) => normalisePair(example.question)),
    );
    const stream = dataset.trainStream({ batchSize: 1000 });
    let checked = 0;
    for (let i = 0; i < 200; i += 1) {
      for (const question of stream.next().questions) {
        expect(heldOut.has(normalisePair(question))).toBe(false);
        checked += 1;
      }
    }
    expect(checked).toBe(200_000);
  }, 120_000);

  it('makes validation and test sets that are fixed for a seed, distinct and disjoint', () => {
    const dataset = new ArithmeticDataset({ seed: 2 });
    const validation = dataset.validationSet(2000);
    const test = dataset.testSet(2000);
    expect(new ArithmeticDataset({ seed: 2 }).validationSet(2000)).toEqual(validation);
    expect(new ArithmeticDataset({ seed: 3 }).validationSet(2000)).not.toEqual(validation);
    const validationPairs = new Set(validation.map((example) => normalisePair(example.question)));
    expect(validationPairs.size).toBe(2000);
    for (const example of test) expect(validationPairs.has(normalisePair(example.question))).toBe(false);
    for (const example of validation) expect(dataset.splitOf(example.question)).toBe('validation');
    expect(dataset.testSet(100)).toEqual(test.slice(0, 100));
  }, 60_000);

  it('encodes batches ready for tensors: shapes, one-hot rows, round trip through the codec', () => {
    const codec = new Codec({ digits: 2 });
    const dataset = new ArithmeticDataset({ codec, seed: 4 });
    const batch = dataset.trainStream({ batchSize: 8 }).next();
    expect(batch.size).toBe(8);
    expect(batch.inputShape).toEqual([8, 5, 12]);
    expect(batch.targetShape).toEqual([8, 3, 12]);
    expect(batch.inputs).toBeInstanceOf(Float32Array);
    expect(batch.inputs.length).toBe(8 * 5 * 12);
    expect(batch.inputs.reduce((sum, value) => sum + value, 0)).toBe(8 * 5);
    for (let i = 0; i < 8; i += 1) {
      const rows = batch.targets.subarray(i * 36, (i + 1) * 36);
      expect(codec.decodeAnswerProbabilities(rows).answer).toBe(batch.answers[i]);
      expect(codec.solve(batch.questions[i]!)).toBe(batch.answers[i]);
    }
    const examples = dataset.validationSet(10);
    const sizes = [...dataset.batches(examples, 4)].map((encoded) => encoded.size);
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('resumes a training stream exactly from its saved state', () => {
    const dataset = new ArithmeticDataset({ seed: 6 });
    const stream = dataset.trainStream({ batchSize: 16 });
    stream.next();
    stream.next();
    const state = JSON.parse(JSON.stringify(stream.state()));
    expect(state.batches).toBe(2);
    const expected = [stream.next().questions, stream.next().questions];
    const resumed = new ArithmeticDataset({ seed: 6 }).trainStream({ batchSize: 16, state });
    expect([resumed.next().questions, resumed.next().questions]).toEqual(expected);
    expect(resumed.state().batches).toBe(4);
    const iterated = [];
    for (const batch of dataset.trainStream({ batchSize: 2 })) {
      iterated.push(batch);
      if (iterated.length === 3) break;
    }
    expect(iterated).toHaveLength(3);
  });

  it('counts distinct pairs and refuses more unique examples than exist', () => {
    const one = new ArithmeticDataset({ codec: { digits: 1 } });
    expect(one.distinctPairs()).toBe(55);
    expect(one.distinctPairs('train') + one.distinctPairs('validation') + one.distinctPairs('test')).toBe(55);
    const generous = new ArithmeticDataset({ codec: { digits: 1 }, validationFraction: 0.3, testFraction: 0.3 });
    const available = generous.distinctPairs('validation');
    expect(generous.validationSet(available)).toHaveLength(available);
    expect(() => generous.validationSet(available + 1)).toThrow(
      `cannot draw ${available + 1} distinct validation questions: only ${available} distinct 1-digit pairs exist in the validation split`,
    );
    expect(new ArithmeticDataset({ codec: { digits: 1, operators: ['-'] } }).distinctPairs()).toBe(100);
    expect(new ArithmeticDataset().distinctPairs()).toBe((100_000 * 100_001) / 2);
  });

  it('refuses an empty split instead of looping forever', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 1 }, validationFraction: 0, testFraction: 0 });
    expect(() => dataset.validationSet(1)).toThrow(
      'the validation split of 1-digit "+" questions is empty (validationFraction 0, testFraction 0); change validationFraction, testFraction or salt',
    );
    expect(() => dataset.sampleFrom('test', dataset.random('test'))).toThrow(
      'the test split of 1-digit "+" questions is empty (validationFraction 0, testFraction 0); change validationFraction, testFraction or salt',
    );
    expect(dataset.validationSet(0)).toEqual([]);
  });

  it.each([4, 5, 8, 15])('refuses an empty split of %i-digit questions at once, where pairs are not enumerated', (digits) => {
    const dataset = new ArithmeticDataset({ codec: { digits }, validationFraction: 0, testFraction: 0.02 });
    for (const kind of ['plain', 'chain'] as const) {
      expect(() => dataset.sampleFrom('validation', dataset.random('validation'), kind)).toThrow(InvalidOptionError);
      expect(() => dataset.sampleFrom('validation', dataset.random('validation'), kind)).toThrow(
        `the validation split of ${digits}-digit "+" questions is empty (validationFraction 0, testFraction 0.02); change validationFraction, testFraction or salt`,
      );
    }
    expect(() => dataset.validationSet(10)).toThrow(`the validation split of ${digits}-digit "+" questions is empty`);
    expect(dataset.splitOf(dataset.sampleFrom('test', dataset.random('test')).question)).toBe('test');
    // A fraction so small that not even one question is expected counts as empty too.
    const tiny = new ArithmeticDataset({ codec: { digits: 4 }, validationFraction: 1e-12 });
    expect(() => tiny.sampleFrom('validation', tiny.random('validation'))).toThrow(
      'the validation split of 4-digit "+" questions is empty or expected to hold less than one question (validationFraction 1e-12, testFraction 0.02)',
    );
  });

  it(
    'gives up with a clear error when draws keep missing a split that is not empty',
    () => {
      // A generator stuck at 0 draws "0+0" forever; that question is in the training split here.
      const dataset = new ArithmeticDataset({ codec: { digits: 3 } });
      expect(dataset.splitOf('0+0')).toBe('train');
      const stuck = { next: () => 0, integer: () => 0, state: () => ({ a: 0, b: 0, c: 0, d: 0 }) };
      expect(() => dataset.sampleFrom('validation', stuck)).toThrow(InvalidOptionError);
      expect(() => dataset.sampleFrom('validation', stuck)).toThrow(
        /^drew 1000000 questions of 3-digit "\+" without one in the validation split; it is empty or nearly so for these draws/,
      );
    },
    120_000,
  );

  it('validates its options with the value in the message', () => {
    expect(() => new ArithmeticDataset({ seed: -3 })).toThrow('seed must be an integer from 0 to 4294967295, got -3');
    expect(() => new ArithmeticDataset({ seed: 2 ** 32 })).toThrow('seed must be an integer from 0 to 4294967295, got 4294967296');
    expect(new ArithmeticDataset({ seed: 2 ** 32 - 1 }).seed).toBe(2 ** 32 - 1);
    expect(() => new ArithmeticDataset(null as never)).toThrow('options must be an object (DatasetOptions), got null');
    expect(() => new ArithmeticDataset({ distribution: 'gaussian' as never })).toThrow(
      'distribution must be "keras" or "uniform", got "gaussian"',
    );
    expect(() => new ArithmeticDataset({ codec: { digits: 0 } })).toThrow(InvalidOptionError);
    const dataset = new ArithmeticDataset();
    expect(() => dataset.trainStream({ batchSize: 0 })).toThrow('batchSize must be an integer from 1 to 65536, got 0');
    expect(() => dataset.validationSet(-1)).toThrow('validation set size must be a non-negative integer, got -1');
    expect(() => [...dataset.batches([], 0)]).toThrow('batchSize must be a positive integer, got 0');
  });

  it('takes a codec made by another copy of @addrnn/codec', async () => {
    // @ts-expect-error: TypeScript has no declarations for a module path with a query.
    const copy = (await import('../../codec/src/codec.js?second-copy')) as typeof import('@addrnn/codec');
    const foreign = new copy.Codec({ digits: 2, operators: ['-'] });
    expect(foreign instanceof Codec).toBe(false);
    const dataset = new ArithmeticDataset({ codec: foreign });
    expect(dataset.codec).toBeInstanceOf(Codec);
    expect(dataset.codec.toConfig()).toEqual(foreign.toConfig());
    expect(dataset.sample(dataset.random('train')).question).toMatch(/^\d{1,2}-\d{1,2}$/);
  });

  it('refuses bad arguments to every method with coded errors that name them, not TypeErrors', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 2 } });
    const random = dataset.random('train');
    const cases: [() => unknown, string][] = [
      [() => dataset.random('training' as never), 'stream must be "train", "validation" or "test", got "training"'],
      [() => dataset.sample(undefined as never), 'random must be a generator from dataset.random(stream) or createRandom(seed), got undefined'],
      [() => dataset.sampleChain({} as never), 'random must be a generator from dataset.random(stream) or createRandom(seed), got {}'],
      [() => dataset.sampleFrom('holdout' as never, random), 'split must be "train", "validation" or "test", got "holdout"'],
      [() => dataset.sampleFrom('train', random, 'hard' as never), 'kind must be "plain" or "chain", got "hard"'],
      [() => dataset.distinctPairs('all' as never), 'split must be "train", "validation" or "test", got "all"'],
      [() => dataset.splitOf(12 as never), 'question must be a string like "535+61", got 12'],
      [() => dataset.encode(undefined as never), 'examples must be an array of { question, answer }, got undefined'],
      [() => dataset.encode([null] as never), 'examples[0] must be an object { question, answer }, got null'],
      [() => [...dataset.batches('1+1' as never, 2)], 'examples must be an array of { question, answer }, got "1+1"'],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(InvalidArgumentError);
      expect(call).toThrow(message);
    }
    expect(() => dataset.trainStream(undefined as never)).toThrow(InvalidOptionError);
    expect(() => dataset.trainStream(undefined as never)).toThrow('options must be an object { batchSize, state?, carryFraction?, replayFraction?, layout? }, got undefined');
    expect(() => dataset.trainStream({ batchSize: 4, state: { random: random.state(), batches: -1 } })).toThrow(
      'state must be a saved stream state { random, batches } with batches a non-negative integer, got {"random":',
    );
    expect(() => dataset.trainStream({ batchSize: 4, state: 'resume' as never })).toThrow(InvalidOptionError);
  });
});
