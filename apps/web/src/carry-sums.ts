import type { Random } from '@addrnn/dataset';

/**
 * A sum of two `digits`-digit numbers whose columns are drawn to carry often: each column is
 * uniform digits (2 in 5), a pair that generates a carry (1 in 5) or one that passes a carry on
 * (a + b = 9, 2 in 5), and one sum in three holds a run of such pairs up to the whole length
 * (99…9 + 00…1-like chains).
 */
export function drawCarrySum(random: Random, digits: number): string {
  const left: number[] = [];
  const right: number[] = [];
  const chainStart = random.integer(3) === 0 ? random.integer(digits) : digits;
  const chainEnd = chainStart < digits ? chainStart + 1 + random.integer(digits - chainStart) : digits;
  for (let t = 0; t < digits; t += 1) {
    const kind = t > chainStart && t < chainEnd ? 'pass' : t === chainStart ? 'generate' : (['uniform', 'uniform', 'generate', 'pass', 'pass'] as const)[random.integer(5)]!;
    let a = random.integer(10);
    let b = random.integer(10);
    if (kind === 'pass') b = 9 - a;
    else if (kind === 'generate') {
      a = 1 + random.integer(9);
      b = 10 - a + random.integer(a);
    }
    left.push(a);
    right.push(b);
  }
  // No leading zero: the most significant digits are at least 1.
  left[digits - 1] = Math.max(1, left[digits - 1]!);
  right[digits - 1] = Math.max(1, right[digits - 1]!);
  const text = (column: number[]) => column.reverse().join('');
  return `${text(left)}+${text(right)}`;
}

/** `count` sums of `minDigits` to `maxDigits` digits each, from `random`. */
export function drawCarrySums(random: Random, count: number, minDigits: number, maxDigits: number): string[] {
  return Array.from({ length: count }, () => drawCarrySum(random, minDigits + random.integer(maxDigits - minDigits + 1)));
}

/** 99…9 + 1 with `nines` nines: the carry travels from the units column to the top. */
export function chainOfNines(nines: number): string {
  return `${'9'.repeat(nines)}+1`;
}

/** 49…9 + 50…01 (`digits` digits each): a carry from the units column through every 9 + 0. */
export function halfChain(digits: number): string {
  return `4${'9'.repeat(digits - 1)}+5${'0'.repeat(digits - 2)}1`;
}
