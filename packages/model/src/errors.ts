import { AddrnnError } from '@addrnn/codec';

/** A saved model that is well-formed but does not fit: another format, task or shape. */
export class IncompatibleModelError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('INCOMPATIBLE_MODEL', message, options);
    this.name = 'IncompatibleModelError';
  }
}

/** A saved model that cannot be read: missing files, broken JSON, truncated weights. */
export class CorruptModelError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('CORRUPT_MODEL', message, options);
    this.name = 'CorruptModelError';
  }
}

/** A backend that was asked for by name and could not be started. */
export class BackendUnavailableError extends AddrnnError {
  constructor(message: string, options?: ErrorOptions) {
    super('BACKEND_UNAVAILABLE', message, options);
    this.name = 'BackendUnavailableError';
  }
}
