import { InvalidArgumentError, InvalidOptionError, MAX_DIGITS } from '@addrnn/codec';
import { checkSeed, describeValue } from '@addrnn/codec/internal';

/** The four 32-bit words of an sfc32 generator; plain JSON, so a stream can be saved and resumed. */
export interface RandomState {
  /** First word of the generator's state, an unsigned 32-bit integer. */
  readonly a: number;
  /** Second word. */
  readonly b: number;
  /** Third word. */
  readonly c: number;
  /** Fourth word: sfc32's counter. */
  readonly d: number;
}

/** A seeded source of uniform numbers that gives the same sequence on every machine. */
export interface Random {
  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** An integer in [0, maxExclusive). */
  integer(maxExclusive: number): number;
  /** A copy of the current state: `createRandom(state)` continues exactly from here. */
  state(): RandomState;
}

// splitmix32 spreads a small integer seed over all 128 bits of sfc32's state, so that
// neighbouring seeds (1, 2, 3...) give unrelated streams.
function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

function isRandomState(value: unknown): value is RandomState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  return (['a', 'b', 'c', 'd'] as const).every(
    (key) => Number.isInteger(state[key]) && (state[key] as number) >= 0 && (state[key] as number) <= 0xffffffff,
  );
}

/**
 * Creates Chris Doty-Humphrey's sfc32 ("small fast counting") generator, seeded through
 * splitmix32. sfc32 passes PractRand and BigCrush, needs only 32-bit integer arithmetic (exact
 * in every JavaScript engine) and has a 128-bit state that serialises as four numbers.
 */
export function createRandom(seed: number | RandomState): Random {
  let a: number;
  let b: number;
  let c: number;
  let d: number;
  if (typeof seed === 'number') {
    checkSeed(seed, 'seed');
    const mix = splitmix32(seed);
    a = mix();
    b = mix();
    c = mix();
    d = mix();
  } else if (isRandomState(seed)) {
    ({ a, b, c, d } = seed);
  } else {
    throw new InvalidOptionError(
      `random state must be an object { a, b, c, d } of 32-bit unsigned integers, got ${describeValue(seed)}`,
    );
  }

  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  if (typeof seed === 'number') {
    for (let i = 0; i < 12; i += 1) nextUint32(); // warm-up, as the reference recommends
  }

  return {
    next: () => nextUint32() / 4294967296,
    integer(maxExclusive: number): number {
      if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 4294967296) {
        throw new InvalidOptionError(`maxExclusive must be an integer from 1 to 4294967296, got ${describeValue(maxExclusive)}`);
      }
      return Math.floor((nextUint32() / 4294967296) * maxExclusive);
    },
    state: () => ({ a, b, c, d }),
  };
}

/** Throws InvalidArgumentError unless `random` has the `integer` method of a {@link Random}. */
export function checkRandom(random: unknown): Random {
  if (typeof random !== 'object' || random === null || typeof (random as Random).integer !== 'function') {
    throw new InvalidArgumentError(`random must be a generator from dataset.random(stream) or createRandom(seed), got ${describeValue(random)}`);
  }
  return random as Random;
}

/** Throws InvalidArgumentError unless `digits` is an operand length a codec accepts (1 to MAX_DIGITS). */
export function checkDigits(digits: unknown): number {
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 1 || digits > MAX_DIGITS) {
    throw new InvalidArgumentError(`digits must be an integer from 1 to ${MAX_DIGITS}, got ${describeValue(digits)}`);
  }
  return digits;
}
