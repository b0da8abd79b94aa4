import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidArgumentError, InvalidQuestionError } from '@addrnn/codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adder, loadAdder } from '../adder.js';
import { loadModel } from '../save-load.js';

/** Seeded digits (a 32-bit LCG), so every run asks the same questions. */
function digitSource(seed: number): (length: number) => string {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return (length) => {
    let text = String(1 + Math.floor(next() * 9));
    for (let i = 1; i < length; i += 1) text += String(Math.floor(next() * 10));
    return text;
  };
}

const exact = (question: string): string => {
  const [left, right] = question.split('+') as [string, string];
  return (BigInt(left) + BigInt(right)).toString();
};

describe('the shipped aligned adder (pretrained:aligned)', () => {
  let adder: Adder;
  beforeAll(async () => {
    adder = await loadAdder('pretrained:aligned', { backend: 'wasm' });
  }, 60_000);

  it('is the aligned family, small, and trained on operands of at most 10 digits', () => {
    expect(adder.family).toBe('aligned');
    expect(adder.metadata.architecture).toMatchObject({ family: 'aligned', cell: 'lstm', encoderLayers: 1, decoderLayers: 0 });
    expect(adder.model.countParams()).toBeLessThanOrEqual(10_000);
    expect(adder.codec.digits).toBeLessThanOrEqual(10);
    expect(adder.maxDigits).toBeGreaterThanOrEqual(10_000);
  });

  it('adds random numbers far longer than it was trained on (a sample of the model card figures)', () => {
    const digits = digitSource(2026);
    for (const [length, count] of [[10, 300], [100, 200], [1_000, 20], [10_000, 2]] as const) {
      const questions = Array.from({ length: count }, () => `${digits(length)}+${digits(length)}`);
      const answers = adder.predictBatch(questions);
      const wrong = questions.filter((question, i) => answers[i] !== exact(question));
      expect(wrong, `${length}-digit questions`).toEqual([]);
    }
  }, 120_000);

  it('carries through chains of every length to 300, and of 1,000 and 10,000', () => {
    const questions: string[] = [];
    for (const length of [...Array.from({ length: 300 }, (_, i) => i + 1), 1_000, 10_000]) {
      questions.push(`${'9'.repeat(length)}+1`);
      if (length >= 2) questions.push(`4${'9'.repeat(length - 1)}+5${'0'.repeat(length - 2)}1`);
      if (length >= 3) questions.push(`1${'9'.repeat(length - 2)}5+5`);
    }
    const answers = adder.predictBatch(questions);
    expect(questions.filter((question, i) => answers[i] !== exact(question))).toEqual([]);
  }, 120_000);

  it('pads a batch of mixed lengths to its longest question and answers each as if alone', () => {
    const questions = ['0+0', '5+5', '12345678901234567890+1', '999+1', '007+3'];
    const batch = adder.predictBatchWithConfidence(questions);
    expect(batch.map((decoded) => decoded.answer)).toEqual(['0', '10', '12345678901234567891', '1000', '10']);
    questions.forEach((question, i) => {
      const alone = adder.predictWithConfidence(question);
      expect(alone.answer).toBe(batch[i]!.answer);
      expect(alone.confidence).toEqual(batch[i]!.confidence);
      // Every step is a position; the batch pads with leading zeros up to its longest question.
      expect(batch[i]!.positions.length).toBe(question.length - 1 > 20 ? alone.positions.length : 21);
    });
    for (const decoded of batch) {
      expect(decoded.confidence).toHaveLength(decoded.answer.length);
      for (const p of decoded.confidence) expect(p).toBeGreaterThan(0.5);
    }
  });

  it('rejects what is not a sum of two numbers, naming the question', () => {
    expect(() => adder.predict('12-3')).toThrow(InvalidQuestionError);
    expect(() => adder.predictBatch(['1+2', '1+'])).toThrow(/questions\[1\]/);
    expect(adder.check('123456789012345678901234567890+1')).toEqual({ left: '123456789012345678901234567890', operator: '+', right: '1' });
  });

  it('loads by name, and an unknown name lists the shipped ones', async () => {
    const before = tf.memory().numTensors;
    const loaded = await loadModel('pretrained:aligned');
    expect(loaded.metadata.architecture.family).toBe('aligned');
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(loadModel('pretrained:6-digit')).rejects.toThrow(InvalidArgumentError);
    await expect(loadModel('pretrained:6-digit')).rejects.toThrow(/"pretrained:5-digit", "pretrained:aligned", "pretrained:signed"/);
    const seed = await loadAdder('pretrained:5-digit', { backend: 'current' });
    expect(seed.family).toBe('seq2seq');
    expect(seed.predict('535+61')).toBe('596');
    seed.dispose();
  });
});
