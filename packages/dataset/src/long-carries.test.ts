import { AlignedLayout, InvalidArgumentError, parseAlignedQuestion } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { longestCarryChain } from './chain-pair.js';
import { longCarryCases } from './long-carries.js';

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
