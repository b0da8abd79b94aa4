import { describe, expect, it } from 'vitest';
import { accuracies, countMatches, emptyCounts } from './answer-accuracy.js';

describe('countMatches', () => {
  it('counts positions (padding included) and whole answers, as Keras does', () => {
    const counts = emptyCounts();
    // Two answers of three positions: the first all right, the second right in one position.
    countMatches(counts, [1, 2, 0, 3, 3, 0], [1, 2, 0, 4, 4, 0], 3);
    expect(counts).toEqual({ examples: 2, correctCharacters: 4, correctAnswers: 1, positions: 6 });
    expect(accuracies(counts, 3)).toEqual({ charAccuracy: 4 / 6, exactMatch: 0.5 });
  });

  it('counts the positions of answers of different lengths (aligned batches), and reads counts saved without them', () => {
    const counts = emptyCounts();
    countMatches(counts, [1, 2], [1, 2], 2);
    countMatches(counts, [5, 5, 5, 5], [5, 5, 5, 0], 4);
    expect(counts).toEqual({ examples: 2, correctCharacters: 5, correctAnswers: 1, positions: 6 });
    expect(accuracies(counts, 99)).toEqual({ charAccuracy: 5 / 6, exactMatch: 0.5 });
    // A checkpoint written before positions were counted: every answer had answerLength positions.
    const saved = { examples: 2, correctCharacters: 4, correctAnswers: 1 };
    expect(accuracies(saved, 3)).toEqual({ charAccuracy: 4 / 6, exactMatch: 0.5 });
    countMatches(saved, [1, 1, 1], [1, 1, 1], 3);
    expect(saved).toEqual({ examples: 3, correctCharacters: 7, correctAnswers: 2, positions: 9 });
  });

  it('reports zeros for no examples', () => {
    expect(accuracies(emptyCounts(), 3)).toEqual({ charAccuracy: 0, exactMatch: 0 });
  });
});

