import { describe, expect, it } from 'vitest';
import { readAnswer, readAnswerText } from './decoded-answer.js';

describe('readAnswer', () => {
  it('strips trailing padding and reports confidence per answer character', () => {
    expect(readAnswer(['5', '9', '6', ' '], [0.9, 0.8, 0.7, 0.6], false)).toEqual({
      answer: '596',
      confidence: [0.9, 0.8, 0.7],
      positions: [
        { character: '5', probability: 0.9 },
        { character: '9', probability: 0.8 },
        { character: '6', probability: 0.7 },
        { character: ' ', probability: 0.6 },
      ],
    });
  });

  it('reads reversed answers back to front, padding first in reading order', () => {
    const decoded = readAnswer(['7', '-', ' ', ' '], [0.1, 0.2, 0.3, 0.4], true);
    expect(decoded.answer).toBe('-7');
    expect(decoded.confidence).toEqual([0.2, 0.1]);
    expect(decoded.positions.map((position) => position.character).join('')).toBe('  -7');
    expect(decoded.positions.map((position) => position.probability)).toEqual([0.4, 0.3, 0.2, 0.1]);
  });

  it('keeps padding inside or before the answer so garbage reads as garbage', () => {
    expect(readAnswerText(['1', ' ', '2', ' '], false)).toBe('1 2');
    expect(readAnswerText([' ', '1', ' ', ' '], false)).toBe(' 1');
    expect(readAnswerText(['-', '-', ' ', ' '], false)).toBe('--');
    expect(readAnswerText(['1', ' ', '2', ' '], true)).toBe('2 1');
  });

  it('reads an all-padding answer as the empty string', () => {
    const decoded = readAnswer([' ', ' '], [1, 1], false);
    expect(decoded.answer).toBe('');
    expect(decoded.confidence).toEqual([]);
    expect(decoded.positions).toHaveLength(2);
  });
});
