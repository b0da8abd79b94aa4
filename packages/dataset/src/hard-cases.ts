import type { Codec, Operator } from '@addrnn/codec';
import type { HardCase } from './example.js';
import type { Split } from './split.js';

type Kind = HardCase['kind'];

/**
 * Questions that stress an adder: long carry chains, zeros, maximum values, a one-digit
 * operand against a full-length one (and borrow chains / large products for `-` and `*`).
 * Built for the codec's digit count. They are a stress set, not a held-out set: each case
 * says which split its pair belongs to, and most belong to training.
 */
export function buildHardCases(codec: Codec, splitOf: (question: string) => Split): HardCase[] {
  const digits = codec.digits;
  const max = 10n ** BigInt(digits) - 1n;
  const candidates: [bigint, Operator, bigint, Kind][] = [];
  const add = (left: bigint, operator: Operator, right: bigint, kind: Kind) => {
    if (left < 0n || right < 0n || left > max || right > max) return;
    if (!codec.operators.includes(operator)) return;
    candidates.push([left, operator, right, kind]);
  };
  const half = 5n * 10n ** BigInt(digits - 1);
  for (let k = 1; k <= digits; k += 1) {
    const nines = 10n ** BigInt(k) - 1n;
    add(nines, '+', 1n, 'carry-chain'); // 99999+1
    add(1n, '+', nines, 'carry-chain'); // 1+99999
    if (k < digits) add(nines, '+', nines, 'carry-chain'); // 999+999 (the full-length one is 'maximum')
    add(10n ** BigInt(k), '-', 1n, 'borrow-chain'); // 10000-1
    add(1n, '-', nines, 'borrow-chain');
  }
  add(half - 1n, '+', half + 1n, 'carry-chain'); // 49999+50001
  add(half, '+', half, 'carry-chain'); // 50000+50000
  add((max / 9n) * 5n, '+', max - (max / 9n) * 5n + 1n, 'carry-chain'); // 55555+44445
  for (const operator of ['+', '-', '*'] as const) {
    add(0n, operator, 0n, 'zero');
    add(0n, operator, max, 'zero');
    add(max, operator, 0n, 'zero');
    add(10n ** BigInt(digits - 1), operator, 0n, 'zero');
    add(max, operator, max, 'maximum');
  }
  for (let digit = 1n; digit <= 9n; digit += 1n) {
    add(digit, '+', max, 'short-and-long'); // 7+99999
    add(max - digit + 1n, '+', digit, 'short-and-long'); // 99991+9
    add(max, '-', digit, 'short-and-long');
    add(digit, '*', max, 'large-product');
  }
  add(10n ** BigInt(digits - 1), '*', 10n ** BigInt(digits - 1), 'large-product');

  const seen = new Set<string>();
  const cases: HardCase[] = [];
  for (const [left, operator, right, kind] of candidates) {
    const question = `${left}${operator}${right}`;
    if (seen.has(question)) continue;
    seen.add(question);
    cases.push({ question, answer: codec.solve(question), kind, split: splitOf(question) });
  }
  return cases;
}
