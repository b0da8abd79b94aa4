import { AddrnnError, InvalidArgumentError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { ArithmeticDataset } from './arithmetic-dataset.js';
import { longestCarryChain, sampleChainPair } from './chain-pair.js';
import { sampleOperand } from './operand.js';
import { encodeExamples } from './encode-examples.js';
import { createRandom } from './random.js';
import { normalisePair, splitOf } from './split.js';

// Values of every kind a caller can pass by mistake.
const VALUES: unknown[] = [undefined, null, 0, -1, 1.5, Number.NaN, '', '1+1', 'train', 'x', [], [null], [{}], {}, () => 1, Symbol('s'), 10n, true];
const METHODS = ['splitOf', 'random', 'sample', 'sampleChain', 'sampleFrom', 'trainStream', 'validationSet', 'testSet', 'encode', 'distinctPairs'] as const;

function rawError(label: string, call: () => unknown): string[] {
  try {
    const result = call();
    // batches() is a generator: its checks run on the first next().
    if (result !== null && typeof result === 'object' && typeof (result as Iterator<unknown>).next === 'function' && !(Symbol.asyncIterator in result)) {
      if ((result as { constructor?: { name?: string } }).constructor?.name !== 'TrainStream') (result as Iterator<unknown>).next();
    }
    return [];
  } catch (error) {
    return AddrnnError.isInstance(error) ? [] : [`${label}: ${(error as Error).name}: ${(error as Error).message}`];
  }
}

describe('ArithmeticDataset on wrong arguments', () => {
  it('throws only coded AddrnnErrors, never a raw TypeError, for any argument to any method', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 2 } });
    const raw: string[] = [];
    for (const [index, value] of VALUES.entries()) {
      for (const method of METHODS) {
        raw.push(...rawError(`${method}(#${index})`, () => (dataset[method] as (...args: unknown[]) => unknown).call(dataset, value)));
        raw.push(...rawError(`${method}('train', #${index})`, () => (dataset[method] as (...args: unknown[]) => unknown).call(dataset, 'train', value)));
      }
      raw.push(...rawError(`batches(#${index}, 2)`, () => dataset.batches(value as never, 2)));
      raw.push(...rawError(`batches([], #${index})`, () => dataset.batches([], value as never)));
      raw.push(...rawError(`trainStream({ batchSize: #${index} })`, () => dataset.trainStream({ batchSize: value as never })));
      raw.push(...rawError(`trainStream({ batchSize: 2, state: #${index} })`, () => dataset.trainStream({ batchSize: 2, state: value as never })));
      raw.push(...rawError(`new ArithmeticDataset(#${index})`, () => new ArithmeticDataset(value as never)));
      raw.push(...rawError(`encodeExamples(#${index}, [])`, () => encodeExamples(value as never, [])));
      raw.push(...rawError(`encodeExamples(codec, [], #${index})`, () => encodeExamples(dataset.codec, [], value as never)));
      raw.push(...rawError(`encodeExamples(codec, [{ question: '1+1', answer: #${index} }])`, () => encodeExamples(dataset.codec, [{ question: '1+1', answer: value as never }])));
      raw.push(...rawError(`createRandom(#${index})`, () => createRandom(value as never)));
      raw.push(...rawError(`splitOf(#${index})`, () => splitOf(value as never)));
      raw.push(...rawError(`splitOf('1+1', #${index})`, () => splitOf('1+1', value as never)));
      raw.push(...rawError(`normalisePair(#${index})`, () => normalisePair(value as never)));
      const random = createRandom(1);
      raw.push(...rawError(`sampleOperand(#${index}, 3, 'keras')`, () => sampleOperand(value as never, 3, 'keras')));
      raw.push(...rawError(`sampleOperand(random, #${index}, 'keras')`, () => sampleOperand(random, value as never, 'keras')));
      raw.push(...rawError(`sampleOperand(random, 3, #${index})`, () => sampleOperand(random, 3, value as never)));
      raw.push(...rawError(`sampleChainPair(#${index}, 3, '+')`, () => sampleChainPair(value as never, 3, '+')));
      raw.push(...rawError(`sampleChainPair(random, #${index}, '+')`, () => sampleChainPair(random, value as never, '+')));
      raw.push(...rawError(`sampleChainPair(random, 3, #${index})`, () => sampleChainPair(random, 3, value as never)));
      raw.push(...rawError(`longestCarryChain(#${index}, '1')`, () => longestCarryChain(value as never, '1')));
      raw.push(...rawError(`longestCarryChain('1', '1', #${index})`, () => longestCarryChain('1', '1', value as never)));
    }
    expect(raw).toEqual([]);
  }, 60_000);

  it('names the argument of the free functions', () => {
    const random = createRandom(1);
    const cases: [() => unknown, string][] = [
      [() => sampleOperand(undefined as never, 3, 'keras'), 'random must be a generator from dataset.random(stream) or createRandom(seed), got undefined'],
      [() => sampleOperand(random, 0, 'keras'), 'digits must be an integer from 1 to 15, got 0'],
      [() => sampleOperand(random, 3, 'normal' as never), 'distribution must be "keras" or "uniform", got "normal"'],
      [() => sampleChainPair(random, 16, '+'), 'digits must be an integer from 1 to 15, got 16'],
      [() => sampleChainPair(random, 3, '/' as never), 'operator must be "+", "-" or "*", got "/"'],
      [() => longestCarryChain('12a', '1'), 'left must be a string of decimal digits, got "12a"'],
      [() => longestCarryChain('1', 7 as never), 'right must be a string of decimal digits, got 7'],
      [() => longestCarryChain('1', '1', '*' as never), 'operator must be "+" or "-", got "*"'],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(InvalidArgumentError);
      expect(call).toThrow(message);
    }
  });
});
