import { AddrnnError, hasMarker, markerOf } from '@addrnn/codec';

const INCOMPATIBLE_MODEL = markerOf('error.IncompatibleModelError');

/** A saved model that is well-formed but does not fit: another format, task or shape. */
export class IncompatibleModelError extends AddrnnError {
  private readonly [INCOMPATIBLE_MODEL] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('INCOMPATIBLE_MODEL', message, options);
    this.name = 'IncompatibleModelError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is IncompatibleModelError {
    return hasMarker(value, INCOMPATIBLE_MODEL);
  }
}

const CORRUPT_MODEL = markerOf('error.CorruptModelError');

/** A saved model that cannot be read: missing files, broken JSON, truncated weights, unsafe paths. */
export class CorruptModelError extends AddrnnError {
  private readonly [CORRUPT_MODEL] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('CORRUPT_MODEL', message, options);
    this.name = 'CorruptModelError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is CorruptModelError {
    return hasMarker(value, CORRUPT_MODEL);
  }
}

const BACKEND_UNAVAILABLE = markerOf('error.BackendUnavailableError');

/** A backend that was asked for by name and could not be started. */
export class BackendUnavailableError extends AddrnnError {
  private readonly [BACKEND_UNAVAILABLE] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('BACKEND_UNAVAILABLE', message, options);
    this.name = 'BackendUnavailableError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is BackendUnavailableError {
    return hasMarker(value, BACKEND_UNAVAILABLE);
  }
}
