// The base of addrnn's errors lives here, in the leftmost package, because every other package
// (dataset, model, trainer) and both apps depend on @addrnn/codec and may import nothing to their
// right: one base, one `Symbol.for` marker scheme, shared without a package of its own. Users
// catch `AddrnnError` and its subclasses, so the classes are public; each package defines its own
// subclasses next to its code, each with a code, a marker and a static `isInstance`
// (test/structure/error-classes.test.ts checks every one).
import { hasMarker, markerOf } from './marker.js';

const ADDRNN_ERROR = markerOf('error');

/**
 * Base of every error thrown by the addrnn packages. `code` is stable and meant for
 * programs; the message is meant for people and names the value received, where it went
 * wrong and what would have been accepted.
 *
 * Recognise errors with `AddrnnError.isInstance(error)` (or a subclass's own `isInstance`):
 * unlike `instanceof`, it also recognises errors thrown by another copy of the package.
 */
export class AddrnnError extends Error {
  /** Stable identifier of the kind of error, e.g. `INVALID_QUESTION`; each subclass has its own. */
  readonly code: string;
  private readonly [ADDRNN_ERROR] = true;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = 'AddrnnError';
  }

  /**
   * Whether `value` is an addrnn error, from this copy of the package or any other. Called on
   * a subclass that does not define its own `isInstance`, it falls back to `instanceof` rather
   * than answer for every addrnn error.
   */
  static isInstance(value: unknown): value is AddrnnError {
    if (this !== AddrnnError) return typeof this === 'function' && value instanceof this;
    return hasMarker(value, ADDRNN_ERROR);
  }
}

const INVALID_QUESTION = markerOf('error.InvalidQuestionError');

/** A question string that is not `<digits><operator><digits>` for this task. */
export class InvalidQuestionError extends AddrnnError {
  private readonly [INVALID_QUESTION] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_QUESTION', message, options);
    this.name = 'InvalidQuestionError';
  }

  static override isInstance(value: unknown): value is InvalidQuestionError {
    return hasMarker(value, INVALID_QUESTION);
  }
}

const INVALID_ANSWER = markerOf('error.InvalidAnswerError');

/** An answer string that is not a plain decimal number this task can produce. */
export class InvalidAnswerError extends AddrnnError {
  private readonly [INVALID_ANSWER] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_ANSWER', message, options);
    this.name = 'InvalidAnswerError';
  }

  static override isInstance(value: unknown): value is InvalidAnswerError {
    return hasMarker(value, INVALID_ANSWER);
  }
}

const INVALID_OPTION = markerOf('error.InvalidOptionError');

/** Task options or a saved codec configuration that cannot describe a task. */
export class InvalidOptionError extends AddrnnError {
  private readonly [INVALID_OPTION] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_OPTION', message, options);
    this.name = 'InvalidOptionError';
  }

  static override isInstance(value: unknown): value is InvalidOptionError {
    return hasMarker(value, INVALID_OPTION);
  }
}

const INVALID_ARGUMENT = markerOf('error.InvalidArgumentError');

/** An argument of a public function that has the wrong type or is out of range. */
export class InvalidArgumentError extends AddrnnError {
  private readonly [INVALID_ARGUMENT] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_ARGUMENT', message, options);
    this.name = 'InvalidArgumentError';
  }

  static override isInstance(value: unknown): value is InvalidArgumentError {
    return hasMarker(value, INVALID_ARGUMENT);
  }
}

const BUFFER_SIZE = markerOf('error.BufferSizeError');

/** A buffer, offset or count that does not fit the shape the codec reads or writes. */
export class BufferSizeError extends AddrnnError {
  private readonly [BUFFER_SIZE] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('BUFFER_SIZE', message, options);
    this.name = 'BufferSizeError';
  }

  static override isInstance(value: unknown): value is BufferSizeError {
    return hasMarker(value, BUFFER_SIZE);
  }
}

const VOCABULARY_MISMATCH = markerOf('error.VocabularyMismatchError');

/** A saved vocabulary that differs from the one its task options imply. */
export class VocabularyMismatchError extends AddrnnError {
  private readonly [VOCABULARY_MISMATCH] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('VOCABULARY_MISMATCH', message, options);
    this.name = 'VocabularyMismatchError';
  }

  static override isInstance(value: unknown): value is VocabularyMismatchError {
    return hasMarker(value, VOCABULARY_MISMATCH);
  }
}
