import { AlignedLayout, InvalidArgumentError, parseAlignedQuestion, parseSignedQuestion } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { longestCarryChain } from './chain-pair.js';
import { longBorrowCases, longCarryCases } from './long-carries.js';

describe('longCarryCases', () => {
  for (const digits of [1, 2, 3, 10_000]) {
    it(`gives ${digits}-digit carry chains with exact answers`, () => {
      const cases = longCarryCases(digits);
      const questions = cases.map((hardCase) => hardCase.question);
      const nines = '9'.repeat(digits);
      const power = `1${'0'.repeat(digits)}`; // 10^digits
      expect(questions).toContain(`${nines}+1`);
      expect(questions).toContain(`1+${nines}`);
      expect(cases).toHaveLength(digits >= 3 ? 4 : 3);
      expect(new Set(questions).size).toBe(questions.length);
      for (const { question, answer, kind, split } of cases) {
        const { left, right } = parseAlignedQuestion(question);
        expect(Math.max(left.length, right.length)).toBe(digits);
        expect(answer).toBe((BigInt(left) + BigInt(right)).toString());
        expect(kind).toBe('carry-chain');
        expect(split).toBe('test');
        // Every case carries from its lowest column; all but the run inside a longer number carry out of the top.
        if (left.length === right.length || left === '1' || right === '1') {
          expect(answer).toBe(power);
          expect(longestCarryChain(left, right)).toBe(digits);
        } else {
          expect(left).toBe(`1${'9'.repeat(digits - 2)}5`);
          expect(right).toBe('5');
          expect(answer).toBe(`2${'0'.repeat(digits - 1)}`);
          expect(longestCarryChain(left, right)).toBe(digits - 1);
        }
      }
      // Both operands full length: 49…9 + 50…01 (4 + 6 at one digit).
      const both = cases.filter(({ question }) => {
        const { left, right } = parseAlignedQuestion(question);
        return left.length === digits && right.length === digits && left !== nines && right !== nines;
      });
      expect(both).toHaveLength(1);
      expect(both[0]!.question.startsWith('4')).toBe(true);
      expect(AlignedLayout.steps(questions)).toBe(digits + 1);
    }, 60_000);
  }

  it('rejects a length out of range, naming it', () => {
    for (const digits of [0, -1, 1.5, 1_000_001, Number.NaN, '3']) {
      expect(() => longCarryCases(digits as never)).toThrow(InvalidArgumentError);
      expect(() => longCarryCases(digits as never)).toThrow('digits must be an integer from 1 to 1000000, got');
    }
  });
});

describe('longBorrowCases', () => {
  for (const digits of [1, 2, 7, 10_000]) {
    it(`gives ${digits}-digit borrow and sign chains with exact signed answers`, () => {
      const cases = longBorrowCases(digits);
      const questions = cases.map((hardCase) => hardCase.question);
      const power = `1${'0'.repeat(digits - 1)}`;
      expect(questions.slice(0, 2)).toEqual([`${power}-1`, `1-${power}`]);
      expect(cases.map((hardCase) => hardCase.answer).slice(0, 2)).toEqual([(BigInt(power) - 1n).toString(), (1n - BigInt(power)).toString()]);
      for (const { question, answer, kind, split } of cases) {
        const { left, operator, right } = parseSignedQuestion(question);
        expect(operator).toBe('-');
        expect(Math.max(left.length, right.length)).toBe(digits);
        expect(answer).toBe((BigInt(left) - BigInt(right)).toString());
        expect([kind, split]).toEqual(['borrow-chain', 'test']);
      }
      // x-x, and two pairs equal in every column but the lowest: 0, then -1 and 1.
      expect(cases.slice(2).map((hardCase) => hardCase.answer)).toEqual(['0', '-1', '1']);
      const [same, lower] = [parseSignedQuestion(questions[2]!), parseSignedQuestion(questions[3]!)];
      expect(same.left).toBe(same.right);
      expect(lower.left.slice(0, -1)).toBe(lower.right.slice(0, -1));
      expect(lower.left.length).toBe(digits);
    });
  }

  it('refuses a length that is not a whole number of digits within the aligned limit', () => {
    for (const digits of [0, 1.5, 1_000_001, '3']) expect(() => longBorrowCases(digits as never)).toThrow(InvalidArgumentError);
  });
});
