import { describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';

// A file of its own: a failed wasm start cannot be retried in the same process.
describe('useBackend when wasm cannot start', () => {
  it('throws for a forced wasm, and auto falls back to cpu with the reason', async () => {
    await expect(useBackend('wasm', { wasmPaths: '/nonexistent-addrnn-wasm/' })).rejects.toThrow(/backend "wasm" is not available: /);
    const info = await useBackend('auto', { wasmPaths: '/nonexistent-addrnn-wasm/' });
    expect(info.name).toBe('cpu');
    expect(info.skipped.map((skipped) => skipped.name)).toEqual(['node', 'wasm']);
    expect(info.skipped[1]!.reason).toMatch(/wasm/i);
  });
});
