import { InvalidQuestionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { probabilityColour, surety } from '../src/long-sum-strip.js';
import { checkAnswer, firstWrongDigit, lowestConfidence, LONG_SUM_MAX_DIGITS, operandDigits, randomDigits } from '../src/long-sum-input.js';

const thrown = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
};

describe('Long sums: input, comparison and the strip’s scale', () => {
  it('keeps the digits of a pasted number and drops spaces, tabs and line breaks', () => {
    expect(operandDigits('12 345\n678\r\n\t9 ', 'Left number')).toBe('123456789');
    expect(operandDigits('007', 'Left number')).toBe('007');
    expect(operandDigits('9'.repeat(LONG_SUM_MAX_DIGITS), 'Left number')).toHaveLength(LONG_SUM_MAX_DIGITS);
  });

  it('names a bad character and its position in what was typed, counting from 1', () => {
    const error = thrown(() => operandDigits('12 34\n5x6', 'Left number'));
    expect(error).toBeInstanceOf(InvalidQuestionError);
    expect(error.message).toBe('Left number: unexpected character "x" at position 8; expected digits 0-9 (spaces and line breaks are ignored)');
    expect(thrown(() => operandDigits('-5', 'Right number')).message).toContain('"-" at position 1');
    // A character outside the BMP counts as one, as an editor shows it.
    expect(thrown(() => operandDigits('1😀2,', 'Right number')).message).toContain('"😀" at position 2');
    expect(thrown(() => operandDigits('1,000', 'Right number')).message).toContain('"," at position 2');
  });

  it('rejects an empty number and one longer than the view takes', () => {
    expect(thrown(() => operandDigits(' \n ', 'Left number')).message).toBe('Left number is empty; expected a whole number of 1 to 10,000 digits');
    const long = thrown(() => operandDigits('1'.repeat(LONG_SUM_MAX_DIGITS + 1), 'Right number'));
    expect(long).toBeInstanceOf(InvalidQuestionError);
    expect(long.message).toBe('Right number has 10,001 digits; this view adds numbers of up to 10,000 digits');
  });

  it('draws random numbers of exactly the length asked, without a leading zero', () => {
    let state = 7;
    const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
    for (const length of [1, 2, 1000]) {
      const digits = randomDigits(length, random);
      expect(digits).toMatch(new RegExp(`^[1-9]\\d{${length - 1}}$`));
    }
    // All ten digits turn up in a long one.
    expect(new Set(randomDigits(1000, random)).size).toBe(10);
  });

  it('finds the first wrong digit counting from the units digit', () => {
    expect(firstWrongDigit('1000', '1000')).toBeUndefined();
    expect(firstWrongDigit('1090', '1000')).toEqual({ fromRight: 2, predicted: '9', expected: '0', indexInPredicted: 2 });
    // Two wrong digits: the one nearer the units digit is the first the model wrote.
    expect(firstWrongDigit('2090', '1000')).toMatchObject({ fromRight: 2 });
    // A missing leading 1: the model wrote a 0 there, which its answer does not show.
    expect(firstWrongDigit('0', '1000')).toEqual({ fromRight: 4, predicted: '0', expected: '1', indexInPredicted: -1 });
    expect(firstWrongDigit('11000', '1000')).toEqual({ fromRight: 5, predicted: '1', expected: '0', indexInPredicted: 0 });
  });

  it('checks a signed answer: its digits as above, and its sign apart, so that a wrong sign is reported', () => {
    expect(checkAnswer('-999', '-999')).toEqual({});
    expect(checkAnswer('0', '0')).toEqual({});
    // Right digits, wrong sign, both ways.
    expect(checkAnswer('999', '-999')).toEqual({ sign: { predicted: '+', expected: '-' } });
    expect(checkAnswer('-1', '1')).toEqual({ sign: { predicted: '-', expected: '+' } });
    // The digit's index is into the digits, the minus left out.
    expect(checkAnswer('-919', '-999')).toEqual({ digit: { fromRight: 2, predicted: '1', expected: '9', indexInPredicted: 1 } });
    expect(checkAnswer('-19', '999')).toEqual({
      digit: { fromRight: 2, predicted: '1', expected: '9', indexInPredicted: 0 },
      sign: { predicted: '-', expected: '+' },
    });
    expect(checkAnswer('-99', '-999')).toEqual({ digit: { fromRight: 3, predicted: '0', expected: '9', indexInPredicted: -1 } });
  });

  it('finds the lowest confidence and where it is', () => {
    expect(lowestConfidence([])).toBeUndefined();
    expect(lowestConfidence([0.99, 0.5, 0.7, 0.5])).toEqual({ probability: 0.5, index: 1 });
  });

  it('scales the strip by doubt on a log scale and colours unsure digits', () => {
    expect(surety(1)).toBe(1);
    expect(surety(0.99999)).toBe(1);
    expect(surety(0.999)).toBeCloseTo(0.75, 6);
    expect(surety(0.99)).toBeCloseTo(0.5, 6);
    expect(surety(0.9)).toBeCloseTo(0.25, 6);
    expect(surety(0)).toBe(0);
    expect(probabilityColour(0.9999)).not.toBe(probabilityColour(0.95));
    expect(probabilityColour(0.4)).toBe('#b3261e');
  });
});
