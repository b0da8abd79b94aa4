import { describe, expect, it } from 'vitest';
import { buildVocabulary, PADDING } from './vocabulary.js';

describe('buildVocabulary', () => {
  it('gives the 12 characters of the Keras example for addition', () => {
    expect(buildVocabulary(['+']).join('')).toBe(' +0123456789');
    expect(buildVocabulary(['+'])).toHaveLength(12);
  });

  it('includes "-" for subtraction, which doubles as the sign of negative answers', () => {
    expect(buildVocabulary(['-']).join('')).toBe(' -0123456789');
  });

  it('sorts by code point whatever order the operators come in', () => {
    expect(buildVocabulary(['*', '-', '+']).join('')).toBe(' *+-0123456789');
    expect(buildVocabulary(['-', '+'])).toEqual(buildVocabulary(['+', '-']));
  });

  it('puts the padding first and freezes the list', () => {
    const vocabulary = buildVocabulary(['*']);
    expect(vocabulary[0]).toBe(PADDING);
    expect(Object.isFrozen(vocabulary)).toBe(true);
    expect(vocabulary.join('')).toBe(' *0123456789');
  });
});
