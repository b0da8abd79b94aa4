import { expect } from 'vitest';
import type { DrawSource, OperatorTask } from '../src/index.js';
import { Codec } from '../src/index.js';

/** A small seeded source (mulberry32) for descriptor tests; the dataset's generator is not the codec's to import. */
export function testSource(seed: number): DrawSource {
  let state = seed >>> 0;
  return {
    integer(maxExclusive: number): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * maxExclusive);
    },
  };
}

const OPERAND = /^(0|[1-9]\d*)$/;

/**
 * What every descriptor promises, checked on a codec of its own at 1 to `maxDigits` digits: its
 * draws are operands without leading zeros of 1..digits digits, its answers (drawn and hard) are
 * the codec's exact answers, fit its answer length and are negative only when it says so.
 */
export function expectOperatorContract(task: OperatorTask, maxDigits = 6): void {
  for (let digits = 1; digits <= maxDigits; digits += 1) {
    const codec = new Codec({ digits, operators: [task.symbol as never] });
    expect(codec.answerLength).toBe(task.answerLength(digits, digits));
    const source = testSource(digits);
    const questions: string[] = [];
    for (let i = 0; i < 150; i += 1) {
      for (const [left, right] of [
        task.drawOperands(source, digits, 'keras'),
        task.drawOperands(source, digits, 'uniform'),
        task.drawChainPair(source, digits),
      ]) {
        for (const operand of [left, right]) {
          expect(operand).toMatch(OPERAND);
          expect(operand.length).toBeLessThanOrEqual(digits);
        }
        questions.push(`${left}${task.symbol}${right}`);
      }
    }
    const max = 10n ** BigInt(digits) - 1n;
    for (const { left, right } of task.hardCases(digits)) {
      if (left >= 0n && right >= 0n && left <= max && right <= max) questions.push(`${left}${task.symbol}${right}`);
    }
    for (const question of questions) {
      const answer = codec.solve(question);
      const [left, right] = question.split(task.symbol) as [string, string];
      expect(answer).toBe(task.answer(BigInt(left), BigInt(right)).toString());
      expect(answer.length).toBeLessThanOrEqual(task.answerLength(left.length, right.length));
      if (!task.negative) expect(answer.startsWith('-')).toBe(false);
      // Encoding checks the answer against the task's rules: it throws if one does not fit.
      expect(codec.decodeAnswer(codec.encodeAnswer(answer))).toBe(answer);
      if (task.commutative) expect(codec.solve(`${right}${task.symbol}${left}`)).toBe(answer);
    }
  }
}
