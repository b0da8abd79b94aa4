/**
 * Readable text for anything a page or a worker can throw or report: an `Error` (its message and
 * stack), an `ErrorEvent` (its message, `file:line:column` and the error it carries), an
 * `ErrorEvent` thrown as a value (Emscripten's pthread workers do that, which a plain
 * `String(event)` turns into "[object ErrorEvent]"), a rejected promise's reason, or a string.
 */
export interface ErrorText {
  /** One line for the page: what went wrong and where. */
  message: string;
  /** A stack trace, when one is known. */
  stack?: string;
}

interface ErrorEventLike {
  message?: unknown;
  filename?: unknown;
  lineno?: unknown;
  colno?: unknown;
  error?: unknown;
}

function isErrorEventLike(value: unknown): value is ErrorEventLike {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof ErrorEvent !== 'undefined' && value instanceof ErrorEvent) return true;
  return 'filename' in value && 'lineno' in value;
}

function where(event: ErrorEventLike): string {
  if (typeof event.filename !== 'string' || event.filename === '') return '';
  const line = typeof event.lineno === 'number' && event.lineno > 0 ? `:${event.lineno}` : '';
  const column = line && typeof event.colno === 'number' && event.colno > 0 ? `:${event.colno}` : '';
  return `${event.filename}${line}${column}`;
}

/** "[object ErrorEvent]" and the like say nothing: treat them as no message. */
function meaningful(text: string): string {
  return /^(Uncaught )?\[object \w+\]$/.test(text.trim()) ? '' : text.trim();
}

export function describeError(value: unknown, depth = 0): ErrorText {
  if (depth > 4) return { message: 'an error (nested too deeply to describe)' };
  if (value instanceof Error || (typeof value === 'object' && value !== null && 'stack' in value && 'message' in value)) {
    const error = value as Error & { code?: unknown };
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    const message = meaningful(String(error.message ?? '')) || String(value);
    const stack = typeof error.stack === 'string' && error.stack !== '' ? error.stack : undefined;
    return { message: `${name}${message}`, ...(stack === undefined ? {} : { stack }) };
  }
  if (isErrorEventLike(value)) {
    const inner = value.error === undefined || value.error === null ? undefined : describeError(value.error, depth + 1);
    const own = meaningful(typeof value.message === 'string' ? value.message : '');
    const location = where(value);
    const text = own || inner?.message || 'an error with no message';
    const message = location ? `${text} (at ${location})` : text;
    return { message, ...(inner?.stack === undefined ? {} : { stack: inner.stack }) };
  }
  if (typeof value === 'object' && value !== null && 'reason' in value) {
    return describeError((value as { reason: unknown }).reason, depth + 1);
  }
  if (typeof value === 'string') return { message: value };
  try {
    const json = JSON.stringify(value);
    if (json !== undefined && json !== '{}') return { message: json };
  } catch {
    // fall through
  }
  return { message: String(value) };
}
