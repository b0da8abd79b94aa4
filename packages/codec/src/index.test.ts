import { describe, expect, it } from 'vitest';
import * as codec from './index.js';

describe('public surface', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(codec).sort()).toEqual([
      'AddrnnError',
      'BufferSizeError',
      'Codec',
      'DEFAULT_TASK_OPTIONS',
      'InvalidAnswerError',
      'InvalidArgumentError',
      'InvalidOptionError',
      'InvalidQuestionError',
      'MAX_DIGITS',
      'MAX_SEED',
      'MIN_DIGITS',
      'OPERATORS',
      'VocabularyMismatchError',
      'checkSeed',
      'describeValue',
      'hasMarker',
      'markerOf',
    ]);
  });
});
