import { describeValue } from './describe-value.js';
import { BufferSizeError } from './errors.js';

/**
 * Checks where `size` values of one sequence are read or written in `buffer`. Without an
 * offset the buffer must be exactly one sequence long, so a buffer of another shape (a
 * batch, another vocabulary) is caught; with an offset the sequence must fit inside it.
 */
export function checkRegion(
  buffer: ArrayLike<number>,
  name: string,
  size: number,
  shape: string,
  offset: unknown,
): number {
  if (offset === undefined) {
    if (buffer.length !== size) {
      throw new BufferSizeError(
        `${name} must have length ${size} (${shape}), got length ${buffer.length}`,
      );
    }
    return 0;
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new BufferSizeError(
      `offset must be a non-negative integer (an index into ${name}), got ${describeValue(offset)}`,
    );
  }
  if (offset + size > buffer.length) {
    throw new BufferSizeError(
      `${name} of length ${buffer.length} has no room for ${size} values (${shape}) at offset ${offset}; expected offset at most ${buffer.length - size}`,
    );
  }
  return offset;
}

/** Checks that a batch buffer holds exactly `count` sequences of `size` values. */
export function checkBatch(buffer: ArrayLike<number>, name: string, count: number, size: number, shape: string): void {
  if (buffer.length !== count * size) {
    throw new BufferSizeError(
      `${name} must have length ${count * size} (${count} x ${shape}), got length ${buffer.length}`,
    );
  }
}

/** Checks a batch size given as a number. */
export function checkCount(count: unknown): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new BufferSizeError(`count must be a non-negative integer, got ${describeValue(count)}`);
  }
  return count;
}

/** Checks that `value` is an array-like of numbers such as a Float32Array or number[]. */
export function checkArrayLike(value: unknown, name: string): ArrayLike<number> {
  if (
    value === null ||
    (typeof value !== 'object' && typeof value !== 'function') ||
    typeof (value as { length?: unknown }).length !== 'number'
  ) {
    throw new BufferSizeError(
      `${name} must be an array-like of numbers (a typed array or number[]), got ${describeValue(value)}`,
    );
  }
  return value as ArrayLike<number>;
}

/** Checks an `out` buffer's type; `kind` is the typed array the codec writes. */
export function checkOut<T extends Float32Array | Int32Array>(
  out: unknown,
  kind: new (length: number) => T,
): T | undefined {
  if (out === undefined) return undefined;
  if (!(out instanceof kind)) {
    const article = /^[AEIOU]/.test(kind.name) ? 'an' : 'a';
    throw new BufferSizeError(`out must be ${article} ${kind.name}, got ${describeValue(out)}`);
  }
  return out;
}
