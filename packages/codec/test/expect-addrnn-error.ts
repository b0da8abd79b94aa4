import { expect } from 'vitest';
import { AddrnnError } from '../src/index.js';

type ErrorClass = abstract new (...args: never[]) => AddrnnError;

/** Asserts that `run` throws `type` with `code` and a message matching `message`. */
export function expectAddrnnError(
  run: () => unknown,
  type: ErrorClass,
  code: string,
  message: RegExp | string,
): AddrnnError {
  expect(run).toThrow(message);
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(type);
  expect(thrown).toBeInstanceOf(AddrnnError);
  expect(thrown).toBeInstanceOf(Error);
  const error = thrown as AddrnnError;
  expect(error.code).toBe(code);
  expect(error.name).toBe(type.name);
  return error;
}
