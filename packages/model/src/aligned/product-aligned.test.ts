import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Codec, InvalidOptionError, InvalidQuestionError, PRODUCT_INPUT_SIZE, PRODUCT_MAX_DIGITS, PRODUCT_OUTPUT_SIZE, ProductLayout } from '@addrnn/codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../create-model.js';
import { modelFamily } from '../families/registry.js';
import { relativeError } from '../kernel-adapter/kernel-test-helpers.js';
import { describeKernelModel } from '../kernel-adapter/describe-model.js';
import { AlignedForward } from './aligned-forward.js';
import { alignedVariables } from './aligned-model.js';
import { AlignedPredictor } from './aligned-predictor.js';
import { kernelBesideAutodiff } from './aligned-test-helpers.js';

// 11*11 and 111*999 hold a digit pair more than once in a column (counts above 1).
const QUESTIONS = ['47*385', '11*11', '111*999', '0*7', '123456*654321'];
const MULTIPLY = { digits: 3, operators: ['*'] } as const;

describe('the aligned family with * (the product layout)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('lays a * codec out as 100 pair counts in and 10 digits out per column, and refuses * beside another operator', () => {
    const model = createModel({ family: 'aligned', codec: MULTIPLY, hiddenSize: 8, seed: 1 });
    expect(alignedVariables(model)![0]!.shape).toEqual([PRODUCT_INPUT_SIZE, 32]);
    expect(alignedVariables(model)![3]!.shape).toEqual([8, PRODUCT_OUTPUT_SIZE]);
    expect(describeKernelModel(model).description).toMatchObject({ network: 'aligned', inputSize: 100, outputSize: 10, passes: 1 });
    const family = modelFamily('aligned');
    expect(family.operators).toEqual(['+', '-', '*']);
    expect(family.maxDigits(new Codec(MULTIPLY))).toBe(PRODUCT_MAX_DIGITS);
    expect(() => createModel({ family: 'aligned', codec: { digits: 3, operators: ['+', '*'] }, hiddenSize: 8 })).toThrow(InvalidOptionError);
    expect(() => createModel({ family: 'aligned', codec: { digits: 3, operators: ['+', '*'] }, hiddenSize: 8 })).toThrow(/multiplies alone.*\["\+","\*"\]/);
    model.dispose();
  });

  it('the kernel computes loss and gradients on columns of pair counts as autodiff of the exact loss does', () => {
    const model = createModel({ family: 'aligned', codec: MULTIPLY, hiddenSize: 12, seed: 3 });
    const answers = QUESTIONS.map((question) => ProductLayout.solve(question));
    const steps = ProductLayout.steps(QUESTIONS);
    const inputs = tf.tensor3d(ProductLayout.encodeQuestions(QUESTIONS, steps), [QUESTIONS.length, steps, PRODUCT_INPUT_SIZE]);
    expect(inputs.max().dataSync()[0]).toBeGreaterThan(1);
    const targets = tf.tensor3d(ProductLayout.oneHotAnswers(answers, steps), [QUESTIONS.length, steps, PRODUCT_OUTPUT_SIZE]);
    const { loss, stockLoss, gradients } = kernelBesideAutodiff(model, inputs, targets, steps);
    expect(Math.abs(loss - stockLoss)).toBeLessThan(1e-5);
    for (const { name, kernel, stock } of gradients) expect(relativeError(kernel, stock), name).toBeLessThan(1e-4);
    tf.dispose([inputs, targets]);
    model.dispose();
  });

  it('the predictor answers through the kernel as tfjs does, one digit per column, and refuses a sum', () => {
    const model = createModel({ family: 'aligned', codec: MULTIPLY, hiddenSize: 16, seed: 5 });
    const before = tf.memory().numTensors;
    const steps = ProductLayout.steps(QUESTIONS);
    const inputs = ProductLayout.encodeQuestions(QUESTIONS, steps);
    const probabilities = new AlignedForward(model).predict(inputs.slice(), QUESTIONS.length, steps);
    const expected = tf.tidy(() => (model.predict(tf.tensor3d(inputs, [QUESTIONS.length, steps, PRODUCT_INPUT_SIZE])) as tf.Tensor).dataSync());
    expect(relativeError(probabilities, expected)).toBeLessThan(1e-5);
    const predictor = new AlignedPredictor(model);
    expect(predictor.runsOn).toBe('kernel');
    const answers = ProductLayout.decodeAnswers(probabilities, QUESTIONS.length, steps);
    expect(predictor.answers(QUESTIONS)).toEqual(answers);
    // Each question alone is padded to its own columns: the empty columns past it change nothing before them.
    expect(QUESTIONS.map((question) => predictor.predict([question])[0]!.positions.length)).toEqual(QUESTIONS.map((question) => question.length - 1));
    expect(() => predictor.check('2+3')).toThrow(InvalidQuestionError);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
