import { describe, expect, it } from 'vitest';
import {
  AddrnnError,
  BufferSizeError,
  InvalidAnswerError,
  InvalidOptionError,
  InvalidQuestionError,
  VocabularyMismatchError,
} from './errors.js';

describe('errors', () => {
  it.each([
    [InvalidQuestionError, 'INVALID_QUESTION'],
    [InvalidAnswerError, 'INVALID_ANSWER'],
    [InvalidOptionError, 'INVALID_OPTION'],
    [BufferSizeError, 'BUFFER_SIZE'],
    [VocabularyMismatchError, 'VOCABULARY_MISMATCH'],
  ] as const)('%o has code %s, its own name and the base class', (type, code) => {
    const cause = new Error('inner');
    const error = new type('what went wrong', { cause });
    expect(error).toBeInstanceOf(AddrnnError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(type.name);
    expect(error.message).toBe('what went wrong');
    expect(error.cause).toBe(cause);
  });

  it('lets other packages define their own kinds on the base class', () => {
    class IncompatibleModelError extends AddrnnError {
      constructor(message: string) {
        super('INCOMPATIBLE_MODEL', message);
      }
    }
    const error = new IncompatibleModelError('no');
    expect(error.code).toBe('INCOMPATIBLE_MODEL');
    expect(error).toBeInstanceOf(AddrnnError);
  });
});
