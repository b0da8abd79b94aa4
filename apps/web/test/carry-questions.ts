// The browser tests' own questions and their truths, from BigInt: what the carry view is checked against.

/**
 * The carry into each column from the BigInt sum: a column's sum digit is its two digits plus the
 * carry into it, modulo 10, so the carry is (sum digit - left digit - right digit) mod 10.
 */
export function carriesByBigInt(left: string, right: string): string {
  const sum = (BigInt(left) + BigInt(right)).toString();
  const columns = Math.max(left.length, right.length) + 1;
  const digit = (text: string, t: number) => Number(text[text.length - 1 - t] ?? '0');
  let bits = '';
  for (let t = 0; t < columns; t += 1) bits += String((((digit(sum, t) - digit(left, t) - digit(right, t)) % 10) + 10) % 10);
  return bits;
}

/** Seeded digits (a 32-bit LCG) with runs of nines against zeros and of digit pairs summing to 9: the test's own held-out sums. */
export function heldOutSum(seed: number, digits: number): [string, string] {
  let state = seed >>> 0;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  let left = '';
  let right = '';
  while (left.length < digits) {
    const run = 1 + next(Math.min(40, digits - left.length));
    const kind = next(3);
    for (let i = 0; i < run; i += 1) {
      const a = next(10);
      left += String(a);
      right += String(kind === 0 ? next(10) : kind === 1 ? 9 - a : (9 - a + 1 + next(a + 1)) % 10);
    }
  }
  return [`${1 + next(9)}${left.slice(1)}`, `${1 + next(9)}${right.slice(1)}`];
}

/**
 * Per column t (0 = units) of x - y (x, y digit strings): the borrow into it, from the BigInt
 * difference modulo 10^columns: its digit t is x_t - y_t - borrow_t + 10 borrow_{t+1}.
 */
function borrowsByBigInt(x: string, y: string, columns: number): string {
  const modulus = 10n ** BigInt(columns);
  const difference = (((BigInt(x) - BigInt(y)) % modulus) + modulus) % modulus;
  const text = difference.toString();
  const digit = (value: string, t: number) => Number(value[value.length - 1 - t] ?? '0');
  let borrow = 0;
  let bits = '0';
  for (let t = 0; t + 1 < columns; t += 1) {
    borrow = (digit(text, t) - digit(x, t) + digit(y, t) + borrow) / 10;
    bits += String(borrow);
  }
  return bits;
}

/** The running sign (1: the question cut to the columns right of t is negative) and the borrow of |a - b|, from BigInt. */
export function differenceTruth(a: string, b: string): { sign: string; borrow: string } {
  const columns = Math.max(a.length, b.length) + 1;
  return { sign: borrowsByBigInt(a, b, columns), borrow: BigInt(a) < BigInt(b) ? borrowsByBigInt(b, a, columns) : borrowsByBigInt(a, b, columns) };
}

/** Seeded differences (a 32-bit LCG) with runs of equal digits, either way round and sometimes of unequal lengths: the test's own held-out ones. */
export function heldOutDifference(seed: number, digits: number): [string, string] {
  let state = seed >>> 0;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  let left = '';
  let right = '';
  while (left.length < digits) {
    const run = 1 + next(Math.min(40, digits - left.length));
    const equal = next(2) === 0;
    for (let i = 0; i < run; i += 1) {
      const a = next(10);
      left += String(a);
      right += String(equal ? a : next(10));
    }
  }
  const top = `${1 + next(9)}${left.slice(1)}`;
  const bottom = `${1 + next(9)}${right.slice(1, next(3) === 0 ? 1 + next(digits) : digits)}`;
  return next(2) === 0 ? [top, bottom] : [bottom, top];
}
