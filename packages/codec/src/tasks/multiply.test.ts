import { describe, expect, it } from 'vitest';
import { expectOperatorContract } from '../../test/operator-contract.js';
import { drawLargeDigitPair, multiply } from './multiply.js';

describe('multiply', () => {
  it('multiplies exactly beyond the doubles’ 2^53, into as many digits as both operands', () => {
    const nines = 10n ** 15n - 1n;
    expect(multiply.answer(nines, nines).toString()).toBe('99999999999999' + '8' + '00000000000000' + '1');
    expect([multiply.answerLength(3, 3), multiply.answerLength(15, 2)]).toEqual([6, 17]);
    expect([multiply.commutative, multiply.negative]).toEqual([true, false]);
  });

  it('draws its carry mix from large digits (5-9, some all nines) and from repeated digits, 1 to D digits each', () => {
    // mulberry32: an LCG's low bits taken modulo n repeat in short cycles (it drew no repeated even digit).
    let state = 7;
    const next = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    const source = { integer: (n: number) => Math.floor(next() * n) };
    const pairs = Array.from({ length: 4000 }, () => drawLargeDigitPair(source, 5));
    const operands = pairs.flat();
    expect(operands.every((operand) => /^[1-9][0-9]{0,4}$/.test(operand))).toBe(true);
    expect(new Set(operands.map((operand) => operand.length))).toEqual(new Set([1, 2, 3, 4, 5]));
    const large = pairs.filter(([left, right]) => /^[5-9]+$/.test(left) && /^[5-9]+$/.test(right));
    expect(large.length).toBeGreaterThan(pairs.length * 0.45);
    expect(large.flat().filter((operand) => /^9+$/.test(operand)).length).toBeGreaterThan(large.length * 2 / 5 / 2);
    // Repeated digits of full length on both sides, which put one pair five times in the middle
    // column, and not all of them nines: 22222*22222 and the like.
    const repdigit = (operand: string) => operand.length === 5 && /^(\d)\1*$/.test(operand);
    const both = pairs.filter(([left, right]) => repdigit(left) && repdigit(right) && left !== '99999');
    // Half the pairs are of repeated digits, a quarter of those both of full length, a tenth of
    // those with no other digit: about 0.5 * 0.36 * 0.107 of the pairs (77 of 4,000).
    expect(both.length).toBeGreaterThan(30);
    expect(operands.some((operand) => operand.length === 5 && /^(\d)\1*$/.test(operand.slice(1)) && operand[0] !== operand[1] && /[0-4]/.test(operand))).toBe(true);
    // Repeated zeros after another leading digit (10000, 30400): columns of many 0×d pairs, as in 10000*99999.
    const zeros = operands.filter((operand) => operand.length >= 4 && (operand.match(/0/g) ?? []).length >= operand.length - 2);
    expect(zeros.length).toBeGreaterThan(operands.length * 0.5 * 0.1 * 0.25);
    expect(operands).toContain('10000');
    expect(multiply.drawChainPair).toBe(drawLargeDigitPair);
  });

  it('keeps its promises at 1 to 6 digits', () => {
    expectOperatorContract(multiply);
  });

  it('lists zeros, ones, powers of ten, maxima, repeated digits and large products', () => {
    expect(new Set(multiply.hardCases(3).map(({ kind }) => kind))).toEqual(new Set(['zero', 'one', 'power-of-ten', 'maximum', 'repdigit', 'large-product']));
    const cases = multiply.hardCases(5);
    expect(cases).toContainEqual({ left: 1n, right: 12345n, kind: 'one' });
    expect(cases).toContainEqual({ left: 100n, right: 10n, kind: 'power-of-ten' });
    expect(cases).toContainEqual({ left: 1000n, right: 99999n, kind: 'power-of-ten' });
    expect(cases).toContainEqual({ left: 99n, right: 999n, kind: 'maximum' });
    expect(cases).toContainEqual({ left: 77777n, right: 99999n, kind: 'repdigit' });
    expect(cases).toContainEqual({ left: 11111n, right: 11111n, kind: 'repdigit' });
    // Every operand has 1 to 5 digits, as the dataset keeps them.
    for (const { left, right } of cases) expect([left, right].every((value) => value >= 0n && value < 10n ** 5n)).toBe(true);
    expect(multiply.hardCases(3)).toContainEqual({ left: 100n, right: 100n, kind: 'large-product' });
    expect(multiply.hardCases(3)).toContainEqual({ left: 999n, right: 999n, kind: 'maximum' });
  });
});
