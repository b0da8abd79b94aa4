import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { BackendUnavailableError } from './errors.js';

describe('useBackend', () => {
  it('starts a backend asked for by name and reports it', async () => {
    const info = await useBackend('cpu');
    expect(info).toEqual({ name: 'cpu', requested: 'cpu', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto picks the fastest that works and says why faster ones were skipped', async () => {
    const info = await useBackend('auto');
    expect(tf.getBackend()).toBe(info.name);
    if (info.name !== 'tensorflow') {
      // tfjs-node cannot load here (no libtensorflow); where it can, it wins.
      expect(info.skipped[0]!.name).toBe('node');
      expect(info.skipped[0]!.reason.length).toBeGreaterThan(0);
      expect(info.name).toBe('wasm');
    }
  });

  it('throws for a forced backend that cannot start, and for an unknown choice', async () => {
    await expect(useBackend('webgl')).rejects.toThrow(BackendUnavailableError);
    await expect(useBackend('webgl')).rejects.toThrow(/backend "webgl" is not available: /);
    await expect(useBackend('gpu' as never)).rejects.toThrow(InvalidOptionError);
    await expect(useBackend('gpu' as never)).rejects.toThrow('backend must be one of auto, node, wasm, cpu, webgl, got "gpu"');
    await useBackend('cpu');
  });
});
