import { describe, expect, it } from 'vitest';
import { describeValue } from './describe-value.js';

describe('describeValue', () => {
  it('quotes strings so that spaces and control characters show', () => {
    expect(describeValue('a b')).toBe('"a b"');
    expect(describeValue('\n')).toBe('"\\n"');
  });

  it('writes numbers, booleans and the empty values as written', () => {
    expect(describeValue(0)).toBe('0');
    expect(describeValue(-0)).toBe('-0');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(2n)).toBe('2n');
    expect(describeValue(true)).toBe('true');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
  });

  it('names typed arrays by type and length, and shortens long JSON', () => {
    expect(describeValue(new Float32Array(3))).toBe('a Float32Array of length 3');
    expect(describeValue([1, 2])).toBe('[1,2]');
    expect(describeValue({ a: 'x'.repeat(100) })).toMatch(/^\{"a":"x+\.\.\.$/);
    expect(describeValue('y'.repeat(100))).toHaveLength(60);
  });

  it('falls back to a type name for values without JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('an object');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
  });
});
