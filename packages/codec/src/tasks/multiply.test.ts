import { describe, expect, it } from 'vitest';
import { expectOperatorContract } from '../../test/operator-contract.js';
import { multiply } from './multiply.js';

describe('multiply', () => {
  it('multiplies exactly beyond the doubles’ 2^53, into as many digits as both operands', () => {
    const nines = 10n ** 15n - 1n;
    expect(multiply.answer(nines, nines).toString()).toBe('99999999999999' + '8' + '00000000000000' + '1');
    expect([multiply.answerLength(3, 3), multiply.answerLength(15, 2)]).toEqual([6, 17]);
    expect([multiply.commutative, multiply.negative]).toEqual([true, false]);
  });

  it('keeps its promises at 1 to 6 digits', () => {
    expectOperatorContract(multiply);
  });

  it('lists zeros, maxima and large products', () => {
    expect(new Set(multiply.hardCases(3).map(({ kind }) => kind))).toEqual(new Set(['zero', 'maximum', 'large-product']));
    expect(multiply.hardCases(3)).toContainEqual({ left: 100n, right: 100n, kind: 'large-product' });
    expect(multiply.hardCases(3)).toContainEqual({ left: 999n, right: 999n, kind: 'maximum' });
  });
});
