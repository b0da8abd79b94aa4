import { AddrnnError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { UsageError } from './usage-error.js';

describe('UsageError', () => {
  it('is a coded AddrnnError, recognised across copies by its marker', () => {
    const error = new UsageError('--epochs takes a whole number, got "x"', 'train');
    expect(error.code).toBe('USAGE');
    expect(error.name).toBe('UsageError');
    expect(error.command).toBe('train');
    expect(AddrnnError.isInstance(error)).toBe(true);
    expect(UsageError.isInstance(error)).toBe(true);
    expect(UsageError.isInstance(new AddrnnError('OTHER', 'not a usage error'))).toBe(false);
    expect(UsageError.isInstance({ message: 'looks like one' })).toBe(false);
  });
});
