/**
 * Base of every error thrown by the addrnn packages. `code` is stable and meant for
 * programs; the message is meant for people and names the value received, where it went
 * wrong and what would have been accepted.
 */
export class AddrnnError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = 'AddrnnError';
  }
}

/** A question string that is not `<digits><operator><digits>` for this task. */
export class InvalidQuestionError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_QUESTION', message, options);
    this.name = 'InvalidQuestionError';
  }
}

/** An answer string that is not a plain decimal number this task can produce. */
export class InvalidAnswerError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_ANSWER', message, options);
    this.name = 'InvalidAnswerError';
  }
}

/** Task options or a saved codec configuration that cannot describe a task. */
export class InvalidOptionError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_OPTION', message, options);
    this.name = 'InvalidOptionError';
  }
}

/** A buffer, offset or count that does not fit the shape the codec reads or writes. */
export class BufferSizeError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('BUFFER_SIZE', message, options);
    this.name = 'BufferSizeError';
  }
}

/** A saved vocabulary that differs from the one its task options imply. */
export class VocabularyMismatchError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('VOCABULARY_MISMATCH', message, options);
    this.name = 'VocabularyMismatchError';
  }
}
