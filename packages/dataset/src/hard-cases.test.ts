import { describe, expect, it } from 'vitest';
import { ArithmeticDataset } from './arithmetic-dataset.js';

describe('hardCases', () => {
  it('covers carry chains, zeros, maxima and short-plus-long operands for 5 digits', () => {
    const cases = new ArithmeticDataset().hardCases();
    const questions = cases.map((hardCase) => hardCase.question);
    for (const question of ['99999+1', '1+99999', '49999+50001', '55555+44445', '0+0', '0+99999', '99999+99999', '7+99999', '9+9']) {
      expect(questions).toContain(question);
    }
    expect(new Set(questions).size).toBe(questions.length);
    for (const hardCase of cases) {
      expect(hardCase.answer).toBe(new ArithmeticDataset().codec.solve(hardCase.question));
      expect(['train', 'validation', 'test']).toContain(hardCase.split);
    }
    expect(new Set(cases.map((hardCase) => hardCase.kind))).toEqual(new Set(['carry-chain', 'zero', 'maximum', 'short-and-long']));
  });

  it('is built for the task: digit count and operators', () => {
    const cases = new ArithmeticDataset({ codec: { digits: 3, operators: ['-', '*'] } }).hardCases();
    const questions = cases.map((hardCase) => hardCase.question);
    expect(questions).toContain('100-1');
    expect(questions).toContain('999*999');
    expect(questions.some((question) => question.includes('+'))).toBe(false);
    for (const question of questions) {
      for (const operand of question.split(/[-*]/)) expect(operand.length).toBeLessThanOrEqual(3);
    }
  });
});
