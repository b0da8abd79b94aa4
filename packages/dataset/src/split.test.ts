import { InvalidOptionError, InvalidQuestionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { normalisePair, splitOf } from './split.js';

describe('splitOf', () => {
  it('puts a+b and b+a (and a*b, b*a) in the same split, but not a-b and b-a necessarily', () => {
    for (let a = 0; a < 300; a += 7) {
      for (let b = 0; b < 300; b += 11) {
        expect(splitOf(`${a}+${b}`)).toBe(splitOf(`${b}+${a}`));
        expect(splitOf(`${a}*${b}`)).toBe(splitOf(`${b}*${a}`));
      }
    }
    expect(normalisePair('535+61')).toBe('61+535');
    expect(normalisePair('0061-535')).toBe('61-535');
    expect(normalisePair('535-61')).toBe('535-61');
  });

  it('holds out about the requested fractions', () => {
    const counts = { train: 0, validation: 0, test: 0 };
    for (let a = 0; a < 400; a += 1) for (let b = a; b < 400; b += 1) counts[splitOf(`${a}+${b}`)] += 1;
    const total = counts.train + counts.validation + counts.test;
    expect(counts.validation / total).toBeCloseTo(0.02, 2);
    expect(counts.test / total).toBeCloseTo(0.02, 2);
    const custom = { validation: 0, test: 0, train: 0 };
    for (let a = 0; a < 200; a += 1) custom[splitOf(`${a}+7`, { validationFraction: 0.5, testFraction: 0 })] += 1;
    expect(custom.test).toBe(0);
    expect(custom.validation).toBeGreaterThan(70);
    expect(custom.validation).toBeLessThan(130);
  });

  it('gives another partition for another salt', () => {
    const questions = Array.from({ length: 2000 }, (_, i) => `${i}+${i * 3}`);
    const plain = questions.map((question) => splitOf(question));
    const salted = questions.map((question) => splitOf(question, { salt: 'other' }));
    expect(salted).not.toEqual(plain);
  });

  it('rejects bad fractions and questions with a clear message', () => {
    expect(() => splitOf('1+1', { validationFraction: 1 })).toThrow(InvalidOptionError);
    expect(() => splitOf('1+1', { testFraction: -0.1 })).toThrow(
      'testFraction must be a number from 0 (inclusive) to 1 (exclusive), got -0.1',
    );
    expect(() => splitOf('1+1', { validationFraction: 0.6, testFraction: 0.5 })).toThrow(
      'validationFraction + testFraction must be below 1 so that training data remains, got 0.6 + 0.5',
    );
    expect(() => splitOf('1+1', { salt: 3 as never })).toThrow('salt must be a string, got 3');
    expect(() => splitOf('1 + 1')).toThrow(InvalidQuestionError);
    expect(() => splitOf('12')).toThrow('cannot split question "12": expected <digits><operator><digits> with an operator from "+-*"');
  });
});
