import type { Random } from '@addrnn/dataset';

/**
 * A difference `a-b` of a `digits`-digit number and one of `digits` digits or (one in four) fewer,
 * either way round, whose columns are drawn to pass the sign and the borrow along: each column is
 * uniform digits (2 in 5), equal digits (2 in 5: they pass both the running sign and the borrow
 * of the magnitude on) or unequal ones (1 in 5: they set both), and one difference in three holds
 * a run of equal columns up to the whole length above an unequal one (10…0-1-like chains).
 */
export function drawDifference(random: Random, digits: number): string {
  const shorter = random.integer(4) === 0 ? 1 + random.integer(digits) : digits;
  const left: number[] = [];
  const right: number[] = [];
  const chainStart = random.integer(3) === 0 ? random.integer(digits) : digits;
  const chainEnd = chainStart < digits ? chainStart + 1 + random.integer(digits - chainStart) : digits;
  for (let t = 0; t < digits; t += 1) {
    const kind = t > chainStart && t < chainEnd ? 'equal' : t === chainStart ? 'unequal' : (['uniform', 'uniform', 'equal', 'equal', 'unequal'] as const)[random.integer(5)]!;
    const a = random.integer(10);
    let b = kind === 'equal' ? a : random.integer(10);
    if (kind === 'unequal' && b === a) b = (a + 1 + random.integer(9)) % 10;
    left.push(a);
    right.push(t < shorter ? b : 0);
  }
  // No leading zero: each number's most significant digit is at least 1.
  left[digits - 1] = Math.max(1, left[digits - 1]!);
  right[shorter - 1] = Math.max(1, right[shorter - 1]!);
  const text = (column: number[], length: number) => column.slice(0, length).reverse().join('');
  const [a, b] = [text(left, digits), text(right, shorter)];
  return random.integer(2) === 0 ? `${a}-${b}` : `${b}-${a}`;
}

/** `count` differences of `minDigits` to `maxDigits` digits each, from `random`. */
export function drawDifferences(random: Random, count: number, minDigits: number, maxDigits: number): string[] {
  return Array.from({ length: count }, () => drawDifference(random, minDigits + random.integer(maxDigits - minDigits + 1)));
}

/** 10…0 - 1 with `zeros` zeros: the borrow travels from the units column to the top (9…9). */
export function borrowChain(zeros: number): string {
  return `1${'0'.repeat(zeros)}-1`;
}

/** 1 - 10…0 with `zeros` zeros: positive so far in every column until the top one turns it negative; the magnitude 10…0 - 1 borrows all along. */
export function lateSign(zeros: number): string {
  return `1-1${'0'.repeat(zeros)}`;
}

/** x - x with x of `digits` digits from `random`: equal in every column, so never negative and no borrow. */
export function sameNumber(random: Random, digits: number): string {
  const x = Array.from({ length: digits }, (_, i) => (i === 0 ? 1 + random.integer(9) : random.integer(10))).join('');
  return `${x}-${x}`;
}

/**
 * Two `digits`-digit numbers equal but in the units digit, the smaller first (`negative`) or
 * second: the sign set in the units column is passed on through every other column.
 */
export function equalButUnits(random: Random, digits: number, negative = true): string {
  const prefix = Array.from({ length: digits - 1 }, (_, i) => (i === 0 ? 1 + random.integer(9) : random.integer(10))).join('');
  const low = random.integer(9);
  const high = low + 1 + random.integer(9 - low);
  const [a, b] = negative ? [low, high] : [high, low];
  return `${prefix}${a}-${prefix}${b}`;
}
