import * as tf from '@tensorflow/tfjs';
import { createModel } from '@addrnn/model';
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from './checkpoint.js';
import { CheckpointError } from './errors.js';
import { checkSavedShapes } from './resume-checks.js';

describe('checkSavedShapes', () => {
  it('refuses to resume a model whose shapes this version does not train (a signed model of the layout without feedback), naming both', () => {
    const checkpoint = { directory: 'runs/old/latest' } as Checkpoint;
    const before = tf.memory().numTensors;
    const current = createModel({ family: 'aligned', codec: { digits: 10, operators: ['+', '-'] }, hiddenSize: 8, seed: 1 });
    const again = createModel({ family: 'aligned', codec: { digits: 10, operators: ['+', '-'] }, hiddenSize: 8, seed: 2 });
    // A model of the earlier signed layout: 24 values per column in.
    const earlier = tf.sequential({ layers: [tf.layers.lstm({ units: 8, returnSequences: true, inputShape: [null, 24] }), tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 12 }) })] });
    expect(() => checkSavedShapes(checkpoint, current, again)).not.toThrow();
    let error: unknown;
    try {
      checkSavedShapes(checkpoint, current, earlier);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(/runs\/old\/latest.*\[\[null,null,24\],\[null,null,12\]\].*\[\[null,null,56\],\[null,null,12\]\].*cannot train further/);
    for (const model of [current, again, earlier]) model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
