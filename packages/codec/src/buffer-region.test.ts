import { describe, expect, it } from 'vitest';
import { expectAddrnnError } from '../test/expect-addrnn-error.js';
import { checkArrayLike, checkBatch, checkCount, checkOut, checkRegion } from './buffer-region.js';
import { BufferSizeError } from './errors.js';

const bad = (run: () => unknown, message: string) => expectAddrnnError(run, BufferSizeError, 'BUFFER_SIZE', message);

describe('buffer checks', () => {
  it('needs an exact length without an offset and room with one', () => {
    expect(checkRegion(new Float32Array(4), 'out', 4, '[2, 2]', undefined)).toBe(0);
    expect(checkRegion(new Float32Array(8), 'out', 4, '[2, 2]', 4)).toBe(4);
    bad(() => checkRegion(new Float32Array(8), 'out', 4, '[2, 2]', undefined), 'out must have length 4 ([2, 2]), got length 8');
    bad(() => checkRegion(new Float32Array(8), 'out', 4, '[2, 2]', 5), 'out of length 8 has no room for 4 values ([2, 2]) at offset 5; expected offset at most 4');
    bad(() => checkRegion(new Float32Array(8), 'out', 4, '[2, 2]', '1'), 'offset must be a non-negative integer (an index into out), got "1"');
  });

  it('checks batches, counts, array-likes and out types', () => {
    expect(() => checkBatch([1, 2, 3, 4], 'x', 2, 2, '[2]')).not.toThrow();
    bad(() => checkBatch([1, 2, 3], 'x', 2, 2, '[2]'), 'x must have length 4 (2 x [2]), got length 3');
    bad(() => checkCount(Number.NaN), 'count must be a non-negative integer, got NaN');
    bad(() => checkArrayLike({}, 'scores'), 'scores must be an array-like of numbers (a typed array or number[]), got {}');
    expect(checkOut(undefined, Float32Array)).toBeUndefined();
    bad(() => checkOut([0], Int32Array), 'out must be an Int32Array, got [0]');
  });
});
