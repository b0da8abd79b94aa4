import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidQuestionError, SignedLayout } from '@addrnn/codec';
import { longBorrowCases, longCarryCases } from '@addrnn/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adder, loadAdder } from '../adder.js';
import { alignedStates } from './aligned-states.js';

/** Seeded digits (a 32-bit LCG), so every run asks the same questions. */
function digitSource(seed: number): (length: number) => string {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return (length) => {
    let text = String(1 + Math.floor(next() * 9));
    for (let i = 1; i < length; i += 1) text += String(Math.floor(next() * 10));
    return text;
  };
}

/** The questions an answer list got wrong, with both answers, for a readable failure. */
function wrongOf(adder: Adder, questions: readonly string[]): { question: string; expected: string; predicted: string }[] {
  const answers = adder.predictBatch(questions);
  return questions
    .map((question, i) => ({ question, expected: SignedLayout.solve(question), predicted: answers[i]! }))
    .filter(({ expected, predicted }) => expected !== predicted)
    .map((wrong) => ({ ...wrong, question: wrong.question.length > 60 ? `${wrong.question.slice(0, 30)}…` : wrong.question }));
}

describe('the shipped signed aligned model (pretrained:signed)', () => {
  let adder: Adder;
  beforeAll(async () => {
    adder = await loadAdder('pretrained:signed', { backend: 'wasm' });
  }, 60_000);

  it('is the aligned family for + and -, within 20,000 parameters, trained on operands of at most 10 digits', () => {
    expect(adder.family).toBe('aligned');
    expect(adder.codec.operators).toEqual(['+', '-']);
    expect(adder.model.countParams()).toBeLessThanOrEqual(20_000);
    expect(adder.codec.digits).toBeLessThanOrEqual(10);
    expect(adder.maxDigits).toBe(1_000_000);
  });

  it('adds and subtracts random numbers far longer than it was trained on, negative answers included (a sample of the model card)', () => {
    const digits = digitSource(2027);
    for (const [length, count] of [[10, 400], [100, 200], [1_000, 100], [10_000, 2]] as const) {
      const questions = Array.from({ length: count }, (_, i) => `${digits(length)}${i % 2 === 0 ? '+' : '-'}${digits(length)}`);
      expect(questions.filter((question) => SignedLayout.solve(question).startsWith('-')).length, 'some answers are negative').toBeGreaterThan(count / 8);
      expect(wrongOf(adder, questions), `${length}-digit questions`).toEqual([]);
    }
  }, 240_000);

  it('carries, borrows and finds the sign through chains of every length to 300, and of 1,000', () => {
    const questions: string[] = [];
    for (const length of [...Array.from({ length: 300 }, (_, i) => i + 1), 1_000]) {
      questions.push(...longCarryCases(length).map((hardCase) => hardCase.question));
      questions.push(...longBorrowCases(length).map((hardCase) => hardCase.question));
    }
    expect(wrongOf(adder, questions)).toEqual([]);
  }, 240_000);

  it('answers with a sign and its confidence, never -0, and pads a batch of mixed lengths without changing an answer', () => {
    const questions = ['0-0', '5-5', '1-1000', '12345678901234567890-1', '007-30', '99+1'];
    const batch = adder.predictBatchWithConfidence(questions);
    expect(batch.map((decoded) => decoded.answer)).toEqual(['0', '0', '-999', '12345678901234567889', '-23', '100']);
    questions.forEach((question, i) => {
      const alone = adder.predictWithConfidence(question);
      expect(alone.answer).toBe(batch[i]!.answer);
      // The sign is read after the padded columns too (leading zeros), so its probability may differ in the last digits.
      expect(alone.positions[0]!.character).toBe(batch[i]!.positions[0]!.character);
      expect(alone.positions[0]!.probability).toBeCloseTo(batch[i]!.positions[0]!.probability, 4);
    });
    for (const decoded of batch) {
      expect(['+', '-']).toContain(decoded.positions[0]!.character);
      expect(decoded.confidence).toHaveLength(decoded.answer.length);
      for (const p of decoded.confidence) expect(p).toBeGreaterThan(0.5);
    }
    expect(batch[2]!.positions[0]).toMatchObject({ character: '-' });
  });

  it('shows both passes to a probe: the second pass\'s states after each column, and the first pass\'s', () => {
    const before = tf.memory().numTensors;
    const [one] = alignedStates(adder, ['1-1000']);
    expect(one!.columns).toBe(5);
    expect(one!.hidden).toHaveLength(5 * one!.units);
    expect(one!.firstPass!.hidden).toHaveLength(5 * one!.units);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses other operators and answers questions of up to 1,000,000 digits per operand', () => {
    expect(() => adder.predict('12*3')).toThrow(InvalidQuestionError);
    expect(() => adder.predictBatch(['1+2', '1/2'])).toThrow(/questions\[1\]/);
    expect(adder.check(`${'1'.repeat(1_000_000)}-1`).operator).toBe('-');
    expect(() => adder.check(`${'1'.repeat(1_000_001)}-1`)).toThrow(InvalidQuestionError);
  });
});
