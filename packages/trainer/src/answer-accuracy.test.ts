import { describe, expect, it } from 'vitest';
import { accuracies, countMatches, emptyCounts } from './answer-accuracy.js';

describe('countMatches', () => {
  it('counts positions (padding included) and whole answers, as Keras does', () => {
    const counts = emptyCounts();
    // Two answers of three positions: the first all right, the second right in one position.
    countMatches(counts, [1, 2, 0, 3, 3, 0], [1, 2, 0, 4, 4, 0], 3);
    expect(counts).toEqual({ examples: 2, correctCharacters: 4, correctAnswers: 1 });
    expect(accuracies(counts, 3)).toEqual({ charAccuracy: 4 / 6, exactMatch: 0.5 });
  });

  it('reports zeros for no examples', () => {
    expect(accuracies(emptyCounts(), 3)).toEqual({ charAccuracy: 0, exactMatch: 0 });
  });
});

