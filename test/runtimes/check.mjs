// What the runtime scripts share: a named check and the name of the runtime they run on.
import process from 'node:process';

/** Throws unless `actual` equals `expected` (same value, or the same JSON for arrays and objects). */
export function check(what, actual, expected) {
  const same = typeof expected === 'object' && expected !== null ? JSON.stringify(actual) === JSON.stringify(expected) : Object.is(actual, expected);
  if (!same) {
    const show = (value) => (typeof value === 'string' && value.length > 80 ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)` : JSON.stringify(value));
    throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/** 'bun 1.4.5', 'deno 2.9.6' or 'node 22.23.5': what this script runs on, as the runtime says. */
export function runtimeName() {
  const { versions } = process;
  if (versions.bun) return `bun ${versions.bun}`;
  if (versions.deno) return `deno ${versions.deno}`;
  return `node ${versions.node}`;
}
