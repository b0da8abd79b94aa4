import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useBackend } from './backend.js';

// A file of its own: the wasm backend starts once per process (vitest isolates files). The
// browser end of this (a bundled, cross-origin isolated page that trains on kernel threads) is
// test/packaging/browser-bundles.test.ts; here a Web Worker's scope is faked on globalThis.
const scope = globalThis as { WorkerGlobalScope?: unknown };

afterEach(() => {
  delete scope.WorkerGlobalScope;
  vi.restoreAllMocks();
});

describe('useBackend wasmThreads', () => {
  it('refuses a wasmThreads that is not a boolean, naming the value', async () => {
    await expect(useBackend('wasm', { wasmThreads: 'yes' as never })).rejects.toThrow(InvalidOptionError);
    await expect(useBackend('wasm', { wasmThreads: 1 as never })).rejects.toThrow('useBackend: wasmThreads must be true or false, got 1');
  });

  it('leaves the flag alone when threads are allowed, and in Node.js', async () => {
    const set = vi.spyOn(tf.env(), 'set');
    // Bad paths make each start fail, so the backend is still unstarted for the last test.
    await expect(useBackend('wasm', { wasmPaths: { 'tfjs-backend-wasm.wasm': '/nowhere.wasm' } })).rejects.toThrow();
    scope.WorkerGlobalScope = class {};
    await expect(useBackend('wasm', { wasmThreads: true, wasmPaths: { 'tfjs-backend-wasm.wasm': '/nowhere.wasm' } })).rejects.toThrow();
    expect(set.mock.calls.filter(([name]) => name === 'WASM_HAS_MULTITHREAD_SUPPORT')).toEqual([]);
  });

  it("in a browser, turns tfjs-wasm's threaded binary off before the backend's first start", async () => {
    scope.WorkerGlobalScope = class {};
    const set = vi.spyOn(tf.env(), 'set');
    const info = await useBackend('wasm');
    expect(info.name).toBe('wasm');
    expect(set).toHaveBeenCalledWith('WASM_HAS_MULTITHREAD_SUPPORT', false);
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
    // Once started the backend keeps its binary: a later call sets nothing.
    set.mockClear();
    await useBackend('wasm');
    expect(set).not.toHaveBeenCalled();
  });
});
