import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Codec, InvalidQuestionError, PRODUCT_MAX_DIGITS, ProductLayout } from '@addrnn/codec';
import { ArithmeticDataset } from '@addrnn/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adder, loadAdder } from '../adder.js';

/** The questions an answer list got wrong, with both answers, for a readable failure. */
function wrongOf(adder: Adder, questions: readonly string[]): { question: string; expected: string; predicted: string }[] {
  const answers = adder.predictBatch(questions);
  return questions.map((question, i) => ({ question, expected: ProductLayout.solve(question), predicted: answers[i]! })).filter(({ expected, predicted }) => expected !== predicted);
}

describe('the shipped multiplier (pretrained:multiply)', () => {
  let adder: Adder;
  beforeAll(async () => {
    adder = await loadAdder('pretrained:multiply', { backend: 'wasm' });
  }, 60_000);

  it('is the aligned family for *, trained on operands of up to 5 digits, with an embedding of 4', () => {
    expect(adder.family).toBe('aligned');
    expect(adder.codec.operators).toEqual(['*']);
    expect(adder.codec.digits).toBe(5);
    expect(adder.maxDigits).toBe(PRODUCT_MAX_DIGITS);
    expect(adder.metadata.architecture.embeddingSize).toBe(4);
    expect(adder.model.countParams()).toBe(69_786);
  });

  it('multiplies held-out questions it never trained on: at least 99.9% of 5,000 of its test split and of 5,000 3-digit ones (samples of the first rows of its model card)', () => {
    // Operands of 1 to 5 digits as the Keras task draws them, and of 1 to 3 (3x3 mostly: the
    // split's 3-digit pairs are few, so 5,000 distinct ones are half of them). The split is a
    // hash of the question, so a 3-digit test question is one the model never trained on.
    const trainedOn = new ArithmeticDataset({ codec: adder.codec, seed: 1 });
    for (const codec of [adder.codec, new Codec({ digits: 3, operators: ['*'] })]) {
      const dataset = new ArithmeticDataset({ codec, seed: 1 });
      const questions = dataset.testSet(5_000).map((example) => example.question);
      expect(questions.every((question) => trainedOn.splitOf(question) === 'test')).toBe(true);
      // 0.1% of 5,000: at most five wrong.
      expect(wrongOf(adder, questions).length, `${codec.digits} digits`).toBeLessThanOrEqual(5);
    }
  }, 120_000);

  it('gets every hard case for * right: zeros, ones, powers of ten, nines of every pair of lengths, repeated digits, large products', () => {
    const cases = new ArithmeticDataset({ codec: adder.codec, seed: 1 }).hardCases();
    expect(cases.length).toBe(134);
    expect(wrongOf(adder, cases.map((hardCase) => hardCase.question))).toEqual([]);
  });

  it('answers with each digit\'s confidence, and pads a batch of mixed lengths without changing an answer', () => {
    const before = tf.memory().numTensors;
    const questions = ['0*0', '7*8', '123*45', '305*41', '1*999', '100*100'];
    const batch = adder.predictBatchWithConfidence(questions);
    expect(batch.map((decoded) => decoded.answer)).toEqual(questions.map((question) => ProductLayout.solve(question)));
    questions.forEach((question, i) => expect(adder.predictWithConfidence(question).answer).toBe(batch[i]!.answer));
    for (const decoded of batch) expect(decoded.confidence).toHaveLength(decoded.answer.length);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses other operators and operands over 1,000 digits, naming the question', () => {
    expect(() => adder.predict('12+3')).toThrow(InvalidQuestionError);
    expect(() => adder.predictBatch(['1*2', '1-2'])).toThrow(/questions\[1\]/);
    expect(() => adder.check(`${'1'.repeat(PRODUCT_MAX_DIGITS + 1)}*1`)).toThrow(InvalidQuestionError);
  });
});
