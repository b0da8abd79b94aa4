import { describe, expect, it } from 'vitest';
import { answerLengthOf, applyOperator, isOperator, listOperators, OPERATORS } from './operator.js';

describe('operator', () => {
  it('knows exactly three operators', () => {
    expect(OPERATORS).toEqual(['+', '-', '*']);
    expect(OPERATORS.every(isOperator)).toBe(true);
    expect(['/', ' ', '', '++', 43].some(isOperator)).toBe(false);
  });

  it('applies them exactly and sizes their longest answers', () => {
    expect(applyOperator('-', 3n, 10n)).toBe(-7n);
    expect(answerLengthOf('+', 3)).toBe(4);
    expect(answerLengthOf('-', 3)).toBe(4);
    expect(answerLengthOf('*', 3)).toBe(6);
    expect(listOperators(['+', '*'])).toBe('"+", "*"');
  });
});
