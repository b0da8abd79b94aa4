import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidQuestionError, SIGNED_INPUT_SIZE, SIGNED_OUTPUT_SIZE, SignedLayout } from '@addrnn/codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../create-model.js';
import { modelFamily } from '../families/registry.js';
import { readWeights, relativeError } from '../kernel-adapter/kernel-test-helpers.js';
import { describeKernelModel } from '../kernel-adapter/describe-model.js';
import { AlignedNetwork } from '../kernel/aligned-network.js';
import { instantiateKernel } from '../kernel/kernel-module.js';
import { crossEntropyFromLogits, modelLogits } from '../loss.js';
import { AlignedForward } from './aligned-forward.js';
import { alignedVariables } from './aligned-model.js';
import { AlignedPredictor } from './aligned-predictor.js';

const QUESTIONS = ['305-41', '7+8', '1-1000', '99-99', '12345678901-12345678902'];

describe('the aligned family with + and - (the signed layout)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('lays a +- codec out in two passes of 24 values in, 12 classes out; a + codec as the one-pass adder', () => {
    const signed = createModel({ family: 'aligned', codec: { digits: 10, operators: ['+', '-'] }, hiddenSize: 8, seed: 1 });
    const adder = createModel({ family: 'aligned', codec: { digits: 10 }, hiddenSize: 8, seed: 1 });
    expect(alignedVariables(signed)![0]!.shape).toEqual([SIGNED_INPUT_SIZE, 32]);
    expect(alignedVariables(signed)![3]!.shape).toEqual([8, SIGNED_OUTPUT_SIZE]);
    expect(alignedVariables(adder)![0]!.shape).toEqual([20, 32]);
    expect(describeKernelModel(signed).description).toMatchObject({ network: 'aligned', inputSize: 24, outputSize: 12 });
    const family = modelFamily('aligned');
    expect(family.operators).toEqual(['+', '-']);
    signed.dispose();
    adder.dispose();
  });

  it('the kernel computes both passes: loss and gradients match autodiff of the exact loss on teacher-forced batches', () => {
    const model = createModel({ family: 'aligned', codec: { digits: 10, operators: ['+', '-'] }, hiddenSize: 12, seed: 3 });
    const variables = alignedVariables(model)!;
    const answers = QUESTIONS.map((question) => SignedLayout.solve(question));
    const steps = SignedLayout.steps(QUESTIONS);
    const inputs = tf.tensor3d(SignedLayout.encodeQuestions(QUESTIONS, steps, undefined, answers), [QUESTIONS.length, steps, SIGNED_INPUT_SIZE]);
    const targets = tf.tensor3d(SignedLayout.oneHotAnswers(answers, steps, undefined, QUESTIONS), [QUESTIONS.length, steps, SIGNED_OUTPUT_SIZE]);
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
    const model = createModel({ family: 'aligned', codec: { digits: 10, operators: ['+', '-'] }, hiddenSize: 16, seed: 4 });
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
});
