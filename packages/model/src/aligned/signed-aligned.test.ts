import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidQuestionError, SIGNED_FEEDBACK_INPUT_SIZE, SIGNED_INPUT_SIZE, SIGNED_OUTPUT_SIZE, SignedFeedbackLayout, SignedLayout } from '@addrnn/codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../create-model.js';
import { modelFamily } from '../families/registry.js';
import { readWeights, relativeError } from '../kernel-adapter/kernel-test-helpers.js';
import { describeKernelModel } from '../kernel-adapter/describe-model.js';
import { AlignedNetwork } from '../kernel/aligned-network.js';
import { instantiateKernel } from '../kernel/kernel-module.js';
import { crossEntropyFromLogits, modelLogits } from '../loss.js';
import { AlignedForward } from './aligned-forward.js';
import { alignedVariables, createAlignedLayers } from './aligned-model.js';
import { stepByStepProbabilities } from './feedback-test-helpers.js';
import { AlignedPredictor } from './aligned-predictor.js';

const QUESTIONS = ['305-41', '7+8', '1-1000', '99-99', '12345678901-12345678902'];

describe('the aligned family with + and - (the signed layout)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('lays a +- codec out in two passes of 56 values in (feedback), 12 classes out; a + codec as the one-pass adder', () => {
    const signed = createModel({ family: 'aligned', codec: { digits: 10, operators: ['+', '-'] }, hiddenSize: 8, seed: 1 });
    const adder = createModel({ family: 'aligned', codec: { digits: 10 }, hiddenSize: 8, seed: 1 });
    expect(alignedVariables(signed)![0]!.shape).toEqual([SIGNED_FEEDBACK_INPUT_SIZE, 32]);
    expect(alignedVariables(signed)![3]!.shape).toEqual([8, SIGNED_OUTPUT_SIZE]);
    expect(alignedVariables(adder)![0]!.shape).toEqual([20, 32]);
    expect(describeKernelModel(signed).description).toMatchObject({ network: 'aligned', inputSize: 56, outputSize: 12, passes: 2 });
    const family = modelFamily('aligned');
    expect(family.operators).toEqual(['+', '-', '*']);
    signed.dispose();
    adder.dispose();
  });

  it.each([
    ['without feedback (24 values per column)', SignedLayout],
    ['with feedback (56 values per column)', SignedFeedbackLayout],
  ])('the kernel computes both passes %s: loss and gradients match autodiff of the exact loss on teacher-forced batches', (_, layout) => {
    const model = layout === SignedLayout
      ? createAlignedLayers(12, 3, { inputSize: SIGNED_INPUT_SIZE, outputSize: SIGNED_OUTPUT_SIZE })
      : createModel({ family: 'aligned', codec: { digits: 10, operators: ['+', '-'] }, hiddenSize: 12, seed: 3 });
    const variables = alignedVariables(model)!;
    const answers = QUESTIONS.map((question) => SignedLayout.solve(question));
    const steps = layout.steps(QUESTIONS);
    const inputs = tf.tensor3d(layout.encodeQuestions(QUESTIONS, steps, undefined, answers), [QUESTIONS.length, steps, layout.inputSize]);
    const targets = tf.tensor3d(layout.oneHotAnswers(answers, steps, undefined, QUESTIONS), [QUESTIONS.length, steps, SIGNED_OUTPUT_SIZE]);
    const network = new AlignedNetwork(describeKernelModel(model).description as never, instantiateKernel());
    readWeights(variables, network.weights());
    const loss = network.compute(inputs.dataSync() as Float32Array, targets.dataSync() as Float32Array, QUESTIONS.length, 2);
    const stock = tf.variableGrads(() => crossEntropyFromLogits(targets, modelLogits(model, inputs, true)), variables);
    expect(Math.abs(loss - stock.value.dataSync()[0]!)).toBeLessThan(1e-5);
    let offset = 0;
    for (const variable of variables) {
      const expected = stock.grads[variable.name]!.dataSync() as Float32Array;
      expect(relativeError(network.gradients().subarray(offset, offset + variable.size), expected), variable.name).toBeLessThan(1e-4);
      offset += variable.size;
    }
    tf.dispose([stock.value, Object.values(stock.grads), inputs, targets]);
    model.dispose();
  });

  it('prediction feeds the first pass\'s sign to the second pass, run from a fresh state: the kernel and tfjs agree, and the answer is what the probabilities say', () => {
    const model = createAlignedLayers(16, 4, { inputSize: SIGNED_INPUT_SIZE, outputSize: SIGNED_OUTPUT_SIZE });
    const before = tf.memory().numTensors;
    const steps = SignedLayout.steps(QUESTIONS);
    const inputs = SignedLayout.encodeQuestions(QUESTIONS, steps);
    const fed: number[] = [];
    const probabilities = new AlignedForward(model).predict(inputs.slice(), QUESTIONS.length, steps, {
      at: steps / 2,
      feed(out, into, item) {
        const negative = SignedLayout.readSign(out, item, steps);
        fed.push(item);
        SignedLayout.writeSign(into, item, steps, negative);
      },
    });
    expect(fed).toEqual([0, 1, 2, 3, 4]);
    // The same sequence through tfjs, with the signs the kernel's first pass chose laid out.
    const withSigns = inputs.slice();
    QUESTIONS.forEach((_, item) => SignedLayout.writeSign(withSigns, item, steps, SignedLayout.readSign(probabilities, item, steps)));
    // tfjs runs the two passes as two rows, each from a fresh state (modelLogits folds them).
    const expected = tf.tidy(() => tf.softmax(modelLogits(model, tf.tensor3d(withSigns, [QUESTIONS.length, steps, SIGNED_INPUT_SIZE]))).dataSync());
    expect(relativeError(probabilities, expected)).toBeLessThan(1e-5);
    const rows = tf.tidy(() => (model.predict(tf.tensor3d(withSigns, [2 * QUESTIONS.length, steps / 2, SIGNED_INPUT_SIZE])) as tf.Tensor).dataSync());
    expect(relativeError(probabilities, rows)).toBeLessThan(1e-5);
    // The second pass does not see the first's state: the same second-pass inputs alone give the same probabilities.
    const secondOnly = withSigns.slice(0, steps * SIGNED_INPUT_SIZE).fill(0, 0, (steps / 2) * SIGNED_INPUT_SIZE);
    const alone = tf.tidy(() => tf.softmax(modelLogits(model, tf.tensor3d(secondOnly, [1, steps, SIGNED_INPUT_SIZE]))).dataSync());
    expect(relativeError(alone.slice((steps / 2) * SIGNED_OUTPUT_SIZE), probabilities.slice((steps / 2) * SIGNED_OUTPUT_SIZE, steps * SIGNED_OUTPUT_SIZE))).toBeLessThan(1e-5);
    const predictor = new AlignedPredictor(model);
    expect(predictor.answers(QUESTIONS)).toEqual(SignedLayout.decodeAnswers(probabilities, QUESTIONS.length, steps));
    const decoded = predictor.predict(QUESTIONS);
    decoded.forEach((answer) => expect(['+', '-']).toContain(answer.positions[0]!.character));
    expect(() => predictor.check('2*3')).toThrow(InvalidQuestionError);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('with feedback, each step is given the class the step before wrote: the kernel, step-by-step tfjs and the predictor agree', () => {
    const model = createModel({ family: 'aligned', codec: { digits: 10, operators: ['+', '-'] }, hiddenSize: 16, seed: 5 });
    const before = tf.memory().numTensors;
    const { probabilities: expected, steps, inputs: fedByReference } = stepByStepProbabilities(model, QUESTIONS);
    const inputs = SignedFeedbackLayout.encodeQuestions(QUESTIONS, steps);
    const pause = {
      at: steps / 2,
      feed: (out: Float32Array, into: Float32Array, item: number) => SignedFeedbackLayout.writeSign(into, item, steps, SignedFeedbackLayout.readSign(out, item, steps)),
    };
    const forward = new AlignedForward(model);
    const probabilities = forward.predict(inputs.slice(), QUESTIONS.length, steps, { ...pause, feedback: SignedFeedbackLayout.feedback! });
    expect(relativeError(probabilities, expected)).toBeLessThan(1e-5);
    // The feedback is what the reference laid out, and it matters: without it the kernel computes other probabilities.
    const written = inputs.slice();
    QUESTIONS.forEach((_, item) => {
      SignedFeedbackLayout.writeSign(written, item, steps, SignedFeedbackLayout.readSign(probabilities, item, steps));
      SignedFeedbackLayout.writeFeedback(probabilities, written, item, steps);
    });
    expect(Array.from(written)).toEqual(Array.from(fedByReference));
    const unfed = forward.predict(inputs.slice(), QUESTIONS.length, steps, pause);
    expect(relativeError(unfed, expected)).toBeGreaterThan(1e-3);
    // The logits mode and the predictor read the same answers.
    const predictor = new AlignedPredictor(model);
    expect(predictor.runsOn).toBe('kernel');
    const answers = SignedFeedbackLayout.decodeAnswers(probabilities, QUESTIONS.length, steps);
    expect(predictor.answers(QUESTIONS)).toEqual(answers);
    expect(predictor.predict(QUESTIONS).map((answer) => answer.answer)).toEqual(answers);
    expect(SignedFeedbackLayout.decodeAnswers(forward.logits(inputs.slice(), QUESTIONS.length, steps, { ...pause, feedback: SignedFeedbackLayout.feedback! }), QUESTIONS.length, steps)).toEqual(answers);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
