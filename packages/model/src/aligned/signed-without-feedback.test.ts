import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { SIGNED_INPUT_SIZE, SignedLayout } from '@addrnn/codec';
import { longBorrowCases } from '@addrnn/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adder, loadAdder } from '../adder.js';
import { modelJson, weightsBase64 } from '../../test/fixtures/signed-without-feedback.js';
import { alignedStates } from './aligned-states.js';

describe('a signed model of the first layout (no feedback, 24 values per column: the first pretrained:signed)', () => {
  let adder: Adder;
  beforeAll(async () => {
    const json = modelJson as unknown as tf.io.ModelJSON;
    const weights = Buffer.from(weightsBase64, 'base64');
    const handler = tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0]!.weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      userDefinedMetadata: (json as unknown as { userDefinedMetadata: object }).userDefinedMetadata,
    } as tf.io.ModelArtifacts);
    adder = await loadAdder(handler, { backend: 'wasm' });
  }, 60_000);

  it('still loads and answers: its sign and digits, through the layout it was trained in', () => {
    expect(adder.model.inputs[0]!.shape).toEqual([null, null, SIGNED_INPUT_SIZE]);
    const questions = ['0-0', '1-1000', '12345678901234567890-1', '007-30', '99+1', ...longBorrowCases(200).map((hardCase) => hardCase.question)];
    expect(adder.predictBatch(questions)).toEqual(questions.map((question) => SignedLayout.solve(question)));
    expect(adder.predictWithConfidence('12-13').positions[0]!.character).toBe('-');
    const before = tf.memory().numTensors;
    const [states] = alignedStates(adder, ['1-1000']);
    expect(states!.firstPass!.hidden).toHaveLength(5 * states!.units);
    expect(tf.memory().numTensors).toBe(before);
  });
});
