import { AddrnnError } from '@addrnn/codec';
import { hasMarker, markerOf } from '@addrnn/codec/internal';

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

const FUSED_UNSUPPORTED = markerOf('error.FusedUnsupportedError');

/** A model the fused training step cannot compute; the caller may fall back to the stock layers. */
export class FusedUnsupportedError extends AddrnnError {
  private readonly [FUSED_UNSUPPORTED] = true;

  constructor(reason: string, options?: ErrorOptions) {
    super('FUSED_UNSUPPORTED', `The fused training step does not support this model: ${reason}. Use implementation 'layers'.`, options);
    this.name = 'FusedUnsupportedError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is FusedUnsupportedError {
    return hasMarker(value, FUSED_UNSUPPORTED);
  }
}

const PLATFORM_UNSUPPORTED = markerOf('error.PlatformUnsupportedError');

/** A feature that needs Node.js (a file system, worker threads, tfjs-node) called from the browser build. */
export class PlatformUnsupportedError extends AddrnnError {
  private readonly [PLATFORM_UNSUPPORTED] = true;

  constructor(message: string, options?: ErrorOptions) {
    super('PLATFORM_UNSUPPORTED', message, options);
    this.name = 'PlatformUnsupportedError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is PlatformUnsupportedError {
    return hasMarker(value, PLATFORM_UNSUPPORTED);
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

const UNREADABLE_FILE = markerOf('error.UnreadableFileError');

/**
 * A file the safe reader refused: a link, a directory, a device or pipe, one larger than allowed,
 * or one that changed while it was read. `reason` finishes the sentence "`file` …" ("is a
 * symbolic link, not a regular file"), so that a caller can word its own message around it
 * (a model directory: CorruptModelError; a checkpoint: the trainer's CheckpointError).
 */
export class UnreadableFileError extends AddrnnError {
  private readonly [UNREADABLE_FILE] = true;
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string, options?: ErrorOptions) {
    super('UNREADABLE_FILE', `${file} ${reason}`, options);
    this.name = 'UnreadableFileError';
    this.file = file;
    this.reason = reason;
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is UnreadableFileError {
    return hasMarker(value, UNREADABLE_FILE);
  }
}
