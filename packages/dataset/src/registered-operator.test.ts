import { drawOperand, registerOperator, type OperatorTask } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { ArithmeticDataset } from './arithmetic-dataset.js';
import { sampleChainPair } from './chain-pair.js';
import { createRandom } from './random.js';
import { normalisePair, splitOf } from './split.js';

/**
 * An operator of this test only, `a%b` = a mod (b + 1): not commutative, answers never longer
 * than the left operand. Its draws are its own: the right operand has one digit, and its
 * "chains" are a full-length left operand against 9.
 */
const remainder: OperatorTask<'%'> = {
  symbol: '%',
  name: 'remainder',
  commutative: false,
  negative: false,
  answerLength: (leftDigits) => leftDigits,
  answer: (left, right) => left % (right + 1n),
  drawOperands: (source, digits, distribution) => [drawOperand(source, digits, distribution), drawOperand(source, 1, 'uniform')],
  drawChainPair: (source, digits) => [drawOperand(source, digits, 'uniform'), '9'],
  hardCases: (digits) => [
    { left: 10n ** BigInt(digits) - 1n, right: 9n, kind: 'maximum' },
    { left: 0n, right: 0n, kind: 'zero' },
    { left: 10n ** BigInt(digits), right: 1n, kind: 'zero' }, // one digit too long: dropped
  ],
};

describe('a registered operator in the dataset', () => {
  registerOperator(remainder);
  const dataset = new ArithmeticDataset({ codec: { digits: 2, operators: ['+', '%' as never] }, seed: 4 });

  it('draws its questions with its own functions and solves them with its answer', () => {
    const random = dataset.random('train');
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      for (const { question, answer } of [dataset.sample(random), dataset.sampleChain(random)]) {
        const [left, operator, right] = question.split(/(\D)/) as [string, string, string];
        seen.add(operator);
        const expected = operator === '%' ? BigInt(left) % (BigInt(right) + 1n) : BigInt(left) + BigInt(right);
        expect(answer).toBe(expected.toString());
        if (operator === '%') expect(right.length).toBe(1);
      }
    }
    expect(seen).toEqual(new Set(['+', '%']));
    expect(sampleChainPair(createRandom(1), 3, '%' as never)[1]).toBe('9');
  });

  it('splits and counts its pairs as a non-commutative operator', () => {
    expect(normalisePair('061%5')).toBe('61%5');
    expect(normalisePair('61%5')).not.toBe(normalisePair('5%61'));
    expect(['train', 'validation', 'test']).toContain(splitOf('61%5'));
    expect(dataset.distinctPairs()).toBe((100 * 101) / 2 + 100 * 100);
    const counted = dataset.distinctPairs('train') + dataset.distinctPairs('validation') + dataset.distinctPairs('test');
    expect(counted).toBe(dataset.distinctPairs());
    for (const { question } of dataset.validationSet(30)) expect(dataset.splitOf(question)).toBe('validation');
  });

  it('takes its hard cases from the descriptor, dropping those that do not fit', () => {
    const hard = dataset.hardCases().filter(({ question }) => question.includes('%'));
    expect(hard.map(({ question, answer, kind }) => `${question}=${answer} ${kind}`)).toEqual(['99%9=9 maximum', '0%0=0 zero']);
  });
});
