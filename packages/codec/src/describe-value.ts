const MAX_LENGTH = 60;

/**
 * Writes a received value the way error messages quote it: strings in JSON quotes (so
 * spaces and control characters show), numbers as written, objects shortened.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return shorten(JSON.stringify(value));
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined || value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    const length = (value as unknown as { length?: unknown }).length;
    return typeof length === 'number' ? `a ${name} of length ${length}` : `a ${name}`;
  }
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return shorten(json);
  } catch {
    // Cyclic or otherwise unserialisable: fall through to the type name.
  }
  return Array.isArray(value) ? 'an array' : 'an object';
}

function shorten(text: string): string {
  return text.length <= MAX_LENGTH ? text : `${text.slice(0, MAX_LENGTH - 3)}...`;
}
