import { describe, expect, it } from 'vitest';
import { expectOperatorContract, testSource } from '../../test/operator-contract.js';
import { add } from './add.js';

describe('add', () => {
  it('sums exactly, with one more digit than the longer operand at most', () => {
    expect(add.answer(535n, 61n)).toBe(596n);
    expect(add.answer(999_999_999_999_999n, 1n)).toBe(1_000_000_000_000_000n);
    expect([add.answerLength(3, 3), add.answerLength(5, 2)]).toEqual([4, 6]);
    expect([add.commutative, add.negative]).toEqual([true, false]);
  });

  it('keeps its promises at 1 to 6 digits', () => {
    expectOperatorContract(add);
  });

  it('draws carry chains: a run of nines plus a digit among them', () => {
    const source = testSource(3);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i += 1) seen.add(add.drawChainPair(source, 3).join('+'));
    expect(seen.has('999+1') || seen.has('1+999')).toBe(true);
  });

  it('lists carry chains, zeros, maxima and short-and-long cases, in this order at 2 digits', () => {
    const cases = add.hardCases(2).map(({ left, right, kind }) => `${left}+${right} ${kind}`);
    expect(cases).toEqual([
      '9+1 carry-chain', '1+9 carry-chain', '9+9 carry-chain', '99+1 carry-chain', '1+99 carry-chain',
      '49+51 carry-chain', '50+50 carry-chain', '55+45 carry-chain',
      '0+0 zero', '0+99 zero', '99+0 zero', '10+0 zero', '99+99 maximum',
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((digit) => [`${digit}+99 short-and-long`, `${100 - digit}+${digit} short-and-long`]),
    ]);
  });
});
