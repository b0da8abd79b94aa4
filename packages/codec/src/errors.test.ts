import { describe, expect, it } from 'vitest';
import {
  AddrnnError,
  BufferSizeError,
  InvalidAnswerError,
  InvalidArgumentError,
  InvalidOptionError,
  InvalidQuestionError,
  VocabularyMismatchError,
} from './errors.js';

describe('errors', () => {
  it.each([
    [InvalidQuestionError, 'INVALID_QUESTION'],
    [InvalidAnswerError, 'INVALID_ANSWER'],
    [InvalidOptionError, 'INVALID_OPTION'],
    [InvalidArgumentError, 'INVALID_ARGUMENT'],
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

  it('recognises each kind by its marker with isInstance, and nothing else', () => {
    const kinds = [InvalidQuestionError, InvalidAnswerError, InvalidOptionError, InvalidArgumentError, BufferSizeError, VocabularyMismatchError];
    for (const kind of kinds) {
      const error = new kind('no');
      expect(AddrnnError.isInstance(error)).toBe(true);
      for (const other of kinds) expect(other.isInstance(error)).toBe(other === kind);
    }
    for (const value of [new Error('plain'), { code: 'INVALID_OPTION', name: 'InvalidOptionError' }, null, undefined, 'AddrnnError', 3]) {
      expect(AddrnnError.isInstance(value)).toBe(false);
      expect(InvalidOptionError.isInstance(value)).toBe(false);
    }
  });

  it('recognises errors of another copy of the package, where instanceof fails', async () => {
    // The query string makes vite load a second, separate instance of the module: a second copy.
    // @ts-expect-error: TypeScript has no declarations for a module path with a query.
    const copy = (await import('./errors.js?second-copy')) as typeof import('./errors.js');
    expect(copy.AddrnnError).not.toBe(AddrnnError);
    const foreign = new copy.InvalidOptionError('from the other copy');
    expect(foreign instanceof AddrnnError).toBe(false);
    expect(AddrnnError.isInstance(foreign)).toBe(true);
    expect(InvalidOptionError.isInstance(foreign)).toBe(true);
    expect(InvalidQuestionError.isInstance(foreign)).toBe(false);
    expect(copy.AddrnnError.isInstance(new BufferSizeError('here'))).toBe(true);
  });

  it('answers isInstance of a subclass without its own marker by instanceof, never for every addrnn error', () => {
    class CheckpointLikeError extends AddrnnError {
      constructor(message: string) {
        super('CHECKPOINT_LIKE', message);
      }
    }
    expect(CheckpointLikeError.isInstance(new CheckpointLikeError('yes'))).toBe(true);
    expect(CheckpointLikeError.isInstance(new InvalidOptionError('no'))).toBe(false);
    expect(AddrnnError.isInstance(new CheckpointLikeError('yes'))).toBe(true);
  });
});
