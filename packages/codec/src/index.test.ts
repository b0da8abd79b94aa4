import { describe, expect, it } from 'vitest';
import * as codec from './index.js';

describe('public surface', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(codec).sort()).toEqual([
      'ALIGNED_INPUT_SIZE',
      'ALIGNED_MAX_DIGITS',
      'ALIGNED_OUTPUT_SIZE',
      'AddrnnError',
      'AlignedLayout',
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
      'alignedExampleLayout',
      'checkSeed',
      'describeValue',
      'hasMarker',
      'markerOf',
      'parseAlignedQuestion',
      'sequenceLayout',
    ]);
  });
});
