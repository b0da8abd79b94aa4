import { describe, expect, it } from 'vitest';
import { Codec } from './codec.js';
import { AddrnnError } from './errors.js';

// Values of every kind a caller can pass by mistake.
const VALUES: unknown[] = [undefined, null, 0, -1, 1.5, Number.NaN, '', '1+1', 'x', [], ['1+1'], [null], {}, { length: 3 }, new Float32Array(2), new Int32Array(5), () => 1, Symbol('s'), 10n, true];
const METHODS = [
  'parseQuestion', 'solve', 'encodeQuestion', 'encodeAnswer', 'encodeAnswers', 'decodeQuestion', 'decodeAnswer',
  'oneHotAnswer', 'oneHotQuestions', 'oneHotAnswers', 'decodeAnswerProbabilities', 'decodeAnswerBatch',
] as const;

/** Calls `call` and returns a line describing the error unless it succeeded or threw an AddrnnError. */
function rawError(label: string, call: () => unknown): string[] {
  try {
    call();
    return [];
  } catch (error) {
    return AddrnnError.isInstance(error) ? [] : [`${label}: ${(error as Error).name}: ${(error as Error).message}`];
  }
}

describe('Codec on wrong arguments', () => {
  it('throws only coded AddrnnErrors, never a raw TypeError, for any pair of arguments to any method', () => {
    const codec = new Codec({ digits: 2 });
    const raw: string[] = [];
    for (const method of METHODS) {
      for (const [first, a] of VALUES.entries()) {
        for (const [second, b] of [undefined, ...VALUES].entries()) {
          raw.push(...rawError(`${method}(#${first}, #${second})`, () => (codec[method] as (...args: unknown[]) => unknown)(a, b)));
        }
      }
    }
    for (const [index, value] of VALUES.entries()) {
      raw.push(...rawError(`new Codec(#${index})`, () => new Codec(value as never)));
      raw.push(...rawError(`Codec.fromConfig(#${index})`, () => Codec.fromConfig(value as never)));
      raw.push(...rawError(`Codec.from(#${index})`, () => Codec.from(value as never)));
    }
    expect(raw).toEqual([]);
  }, 60_000);
});
