import { InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { ArithmeticDataset } from './arithmetic-dataset.js';
import { longestCarryChain, sampleChainPair } from './chain-pair.js';
import { createRandom } from './random.js';

function meanChain(pairs: [string, string][]): number {
  return pairs.reduce((sum, [a, b]) => sum + longestCarryChain(a, b), 0) / pairs.length;
}

describe('longestCarryChain', () => {
  it('counts consecutive carrying columns', () => {
    expect(longestCarryChain('99999', '1')).toBe(5);
    expect(longestCarryChain('49999', '50001')).toBe(5);
    expect(longestCarryChain('123', '456')).toBe(0);
    expect(longestCarryChain('19', '91')).toBe(2);
    expect(longestCarryChain('909', '191')).toBe(3);
    expect(longestCarryChain('5', '5')).toBe(1);
    expect(longestCarryChain('10000', '1', '-')).toBe(4);
    expect(longestCarryChain('5555', '1234', '-')).toBe(0);
    expect(longestCarryChain('5432', '1234', '-')).toBe(2);
  });
});

describe('sampleChainPair', () => {
  it('makes far longer carry chains than the Keras distribution', () => {
    const dataset = new ArithmeticDataset({ seed: 4 });
    const plainRandom = dataset.random('train');
    const chainRandom = createRandom(4);
    const plain: [string, string][] = [];
    const chained: [string, string][] = [];
    for (let i = 0; i < 20_000; i += 1) {
      plain.push(dataset.sample(plainRandom).question.split('+') as [string, string]);
      chained.push(sampleChainPair(chainRandom, 5, '+'));
    }
    expect(meanChain(chained)).toBeGreaterThan(1.5 * meanChain(plain));
    const fullChains = (pairs: [string, string][]) => pairs.filter(([a, b]) => longestCarryChain(a, b) >= 5).length;
    expect(fullChains(chained)).toBeGreaterThan(10 * Math.max(1, fullChains(plain)));
    // It still covers every length and never writes leading zeros.
    for (const [a, b] of chained) {
      expect(a).toMatch(/^(0|[1-9]\d{0,4})$/);
      expect(b).toMatch(/^(0|[1-9]\d{0,4})$/);
    }
    expect(new Set(chained.map(([a]) => a.length))).toEqual(new Set([1, 2, 3, 4, 5]));
  }, 60_000);

  it('draws the hard cases themselves, e.g. a run of nines plus a digit', () => {
    const random = createRandom(9);
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i += 1) seen.add(sampleChainPair(random, 5, '+').join('+'));
    expect(seen.has('99999+1') || seen.has('1+99999')).toBe(true);
  }, 60_000);

  it('makes borrow chains for subtraction (equal digits, zeros beyond the shorter operand) and sign chains (equal above the lowest columns)', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 5, operators: ['-'] }, seed: 2 });
    const random = dataset.random('train');
    const plainRandom = dataset.random('validation');
    const borrowChain = (question: string) => {
      const [a, b] = question.split('-') as [string, string];
      return BigInt(a) >= BigInt(b) ? longestCarryChain(a, b, '-') : longestCarryChain(b, a, '-');
    };
    // Columns from the top that two operands of one length share (0 for different lengths).
    const equalTop = (question: string) => {
      const [a, b] = question.split('-') as [string, string];
      let shared = 0;
      while (a.length === b.length && shared < a.length && a[shared] === b[shared]) shared += 1;
      return shared;
    };
    const draws = { chained: 0, plain: 0, signChains: 0, signRun: 0, plainRun: 0 };
    for (let i = 0; i < 20_000; i += 1) {
      const { question, answer } = dataset.sampleChain(random);
      expect(dataset.codec.solve(question)).toBe(answer);
      const plain = dataset.sample(plainRandom).question;
      draws.plainRun += equalTop(plain);
      // A sign chain shares its top digit; a borrow chain rarely does.
      if (equalTop(question) > 0 && question.split('-')[0]!.length > 1) {
        draws.signChains += 1;
        draws.signRun += equalTop(question);
      } else {
        draws.chained += borrowChain(question);
        draws.plain += borrowChain(plain);
      }
    }
    expect(draws.signChains).toBeGreaterThan(20_000 * 0.3);
    expect(draws.chained).toBeGreaterThan(1.5 * draws.plain);
    expect(draws.signRun / draws.signChains).toBeGreaterThan(20 * (draws.plainRun / 20_000));
  }, 60_000);
});

describe('trainStream carryFraction', () => {
  it('is the plain stream at 0 and mixes in chained examples from the training split only', () => {
    const dataset = new ArithmeticDataset({ seed: 6 });
    const plain = dataset.trainStream({ batchSize: 256 }).next();
    const zero = dataset.trainStream({ batchSize: 256, carryFraction: 0 }).next();
    expect(zero.questions).toEqual(plain.questions);

    const mixed = dataset.trainStream({ batchSize: 512, carryFraction: 0.5 });
    const questions: string[] = [];
    for (let i = 0; i < 20; i += 1) questions.push(...mixed.next().questions);
    for (const question of questions) expect(dataset.splitOf(question)).toBe('train');
    const plainQuestions: string[] = [];
    const plainStream = dataset.trainStream({ batchSize: 512 });
    for (let i = 0; i < 20; i += 1) plainQuestions.push(...plainStream.next().questions);
    const chains = (list: string[]) => meanChain(list.map((q) => q.split('+') as [string, string]));
    expect(chains(questions)).toBeGreaterThan(1.2 * chains(plainQuestions));
  });

  it('resumes the mixed stream exactly from its state', () => {
    const dataset = new ArithmeticDataset({ seed: 7 });
    const stream = dataset.trainStream({ batchSize: 64, carryFraction: 0.25 });
    stream.next();
    const state = stream.state();
    const expected = stream.next().questions;
    const resumed = dataset.trainStream({ batchSize: 64, carryFraction: 0.25, state });
    expect(resumed.next().questions).toEqual(expected);
  });

  it('rejects a fraction outside 0..1, naming the value', () => {
    const dataset = new ArithmeticDataset();
    expect(() => dataset.trainStream({ batchSize: 8, carryFraction: 1.5 })).toThrow(InvalidOptionError);
    expect(() => dataset.trainStream({ batchSize: 8, carryFraction: 1.5 })).toThrow(/carryFraction must be a number from 0 to 1, got 1\.5/);
    expect(() => dataset.trainStream({ batchSize: 8, carryFraction: Number.NaN })).toThrow(/got NaN/);
  });
});
