import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { SignedFeedbackLayout } from '@addrnn/codec';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createModel } from '../create-model.js';
import { relativeError } from '../kernel-adapter/kernel-test-helpers.js';
import { AlignedPredictor } from './aligned-predictor.js';
import { stepByStepProbabilities } from './feedback-test-helpers.js';

// Where WebAssembly SIMD is missing the kernel cannot be instantiated: the predictor answers through tfjs.
vi.mock('../kernel/kernel-module.js', async (original) => ({
  ...(await original<typeof import('../kernel/kernel-module.js')>()),
  instantiateKernel: () => {
    throw new Error('no WebAssembly SIMD here (simulated)');
  },
}));

describe('the aligned predictor without the kernel (tfjs)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('runs a signed model with feedback until what it feeds back stops changing: the step-by-step answers, with no tensor left', () => {
    const questions = ['305-41', '7+8', '1-1000', '99-99', '12345678901-12345678902'];
    const model = createModel({ family: 'aligned', codec: { digits: 10, operators: ['+', '-'] }, hiddenSize: 16, seed: 5 });
    const before = tf.memory().numTensors;
    const predictor = new AlignedPredictor(model);
    const decoded = predictor.predict(questions);
    expect(predictor.runsOn).toBe('tfjs');
    const { probabilities, steps } = stepByStepProbabilities(model, questions);
    expect(decoded.map((answer) => answer.answer)).toEqual(SignedFeedbackLayout.decodeAnswers(probabilities, questions.length, steps));
    const expected = SignedFeedbackLayout.decodeBatch(probabilities, questions.length, steps);
    decoded.forEach((answer, index) => {
      const probabilityOf = (positions: typeof answer.positions) => Float32Array.from(positions.map((position) => position.probability));
      expect(relativeError(probabilityOf(answer.positions), probabilityOf(expected[index]!.positions))).toBeLessThan(1e-5);
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
