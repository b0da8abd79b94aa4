// Its own file: tfjs's cpu backend prints its banner on its first tensor only, so nothing may
// create a tensor on cpu before this test does.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { useBackend } from './backend.js';

describe('useBackend in Node.js', () => {
  it("switches off tfjs's 'running TensorFlow.js in Node.js' banner (BackendInfo.skipped says why tfjs-node is not used)", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await useBackend('cpu');
      const tensor = tf.tensor1d([1, 2, 3]);
      expect(Array.from(tensor.dataSync())).toEqual([1, 2, 3]);
      tensor.dispose();
      const printed = [...warn.mock.calls, ...log.mock.calls].map((args) => String(args[0]));
      expect(printed.filter((text) => text.includes('looks like you are running TensorFlow.js in Node.js'))).toEqual([]);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
