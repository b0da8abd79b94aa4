/**
 * Brands for recognising addrnn's classes without `instanceof`, which fails when a program
 * holds two copies of a package (an ESM and a CJS build, or two versions in node_modules).
 * Each class stores `Symbol.for('addrnn.<name>')` on its instances; `Symbol.for` is shared by
 * every copy in the process, so a static `isInstance(value)` recognises instances of any copy.
 * This is how vercel/ai recognises its errors.
 */
export function markerOf(name: string): symbol {
  return Symbol.for(`addrnn.${name}`);
}

/** Whether `value` is an object that carries the brand `marker` (see {@link markerOf}). */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    (value as Record<symbol, unknown>)[marker] === true
  );
}
