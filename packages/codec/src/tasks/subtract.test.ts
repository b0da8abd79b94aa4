import { describe, expect, it } from 'vitest';
import { expectOperatorContract, testSource } from '../../test/operator-contract.js';
import { subtract } from './subtract.js';

describe('subtract', () => {
  it('subtracts exactly, negative answers included, and is not commutative', () => {
    expect(subtract.answer(3n, 10n)).toBe(-7n);
    expect(subtract.answer(10_000n, 1n)).toBe(9_999n);
    expect([subtract.answerLength(3, 3), subtract.answerLength(1, 4)]).toEqual([4, 5]);
    expect([subtract.commutative, subtract.negative]).toEqual([false, true]);
  });

  it('keeps its promises at 1 to 6 digits', () => {
    expectOperatorContract(subtract);
  });

  it('draws borrow chains: 1000-1 among them', () => {
    const source = testSource(5);
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i += 1) seen.add(subtract.drawChainPair(source, 4).join('-'));
    expect(seen.has('1000-1') || seen.has('1-1000')).toBe(true);
    // Sign chains: equal in every column above the lowest, x-x among them.
    expect([...seen].some((question) => /^(\d+)-\1$/.test(question) && question.length === 9)).toBe(true);
    expect([...seen].some((question) => { const [a, b] = question.split('-') as [string, string]; return a.length === 4 && b.length === 4 && a.slice(0, 3) === b.slice(0, 3) && a !== b; })).toBe(true);
  });

  it('lists borrow chains, zeros, maxima and a full operand minus a digit', () => {
    const kinds = new Set(subtract.hardCases(3).map(({ kind }) => kind));
    expect(kinds).toEqual(new Set(['borrow-chain', 'zero', 'maximum', 'short-and-long']));
    expect(subtract.hardCases(3)).toContainEqual({ left: 100n, right: 1n, kind: 'borrow-chain' });
    expect(subtract.hardCases(3)).toContainEqual({ left: 999n, right: 7n, kind: 'short-and-long' });
  });
});
