import * as tf from '@tensorflow/tfjs';
import { Codec } from '@addrnn/codec';
import { createModel } from '@addrnn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, predictExamples } from './evaluate.js';

const codec = new Codec({ digits: 2, operators: ['+', '-'] });
const examples = ['99+1', '3-10', '0+0', '12+34', '50-50', '7+8', '99-0'].map((question) => ({ question, answer: codec.solve(question) }));

/** What the model answers, its per-character matches and its mean cross-entropy, worked out one example at a time. */
function reference(model: tf.LayersModel) {
  let correctCharacters = 0;
  let logSum = 0;
  const predicted = examples.map(({ question, answer }) => {
    const probabilities = tf.tidy(() => {
      const input = tf.tensor3d(codec.oneHotQuestions([question]), [1, codec.questionLength, codec.vocabularySize]);
      return (model.predict(input) as tf.Tensor).dataSync();
    });
    const decoded = codec.decodeAnswerProbabilities(probabilities);
    const expected = codec.encodeAnswer(answer);
    expected.forEach((index, slot) => {
      const row = probabilities.subarray(slot * codec.vocabularySize, (slot + 1) * codec.vocabularySize);
      if (row.indexOf(Math.max(...row)) === index) correctCharacters += 1;
      logSum += Math.log(row[index]!);
    });
    return decoded.answer;
  });
  return {
    predicted,
    charAccuracy: correctCharacters / (examples.length * codec.answerLength),
    loss: -logSum / (examples.length * codec.answerLength),
  };
}

describe('evaluate', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = createModel({ codec, hiddenSize: 8, seed: 5 });
  });

  it('counts against the answers it encodes once per batch, as a per-example reference does', { timeout: 60_000 }, () => {
    const expected = reference(model);
    const before = tf.memory().numTensors;
    const result = evaluate(model, examples, { batchSize: 3 });
    expect(tf.memory().numTensors).toBe(before);
    const wrong = examples.filter((example, index) => expected.predicted[index] !== example.answer);
    expect(result.errors).toEqual(
      wrong.map((example) => ({ question: example.question, expected: example.answer, predicted: expected.predicted[examples.indexOf(example)] })),
    );
    expect(result.exactMatch).toBeCloseTo((examples.length - wrong.length) / examples.length, 12);
    expect(result.charAccuracy).toBeCloseTo(expected.charAccuracy, 12);
    expect(result.loss).toBeCloseTo(expected.loss, 4);
    // An untrained model: something to count in both directions.
    expect(result.charAccuracy).toBeGreaterThan(0);
    expect(result.exactMatch).toBeLessThan(1);
  });

  it('gives the same answers whatever the batch size, a last partial batch included', { timeout: 60_000 }, () => {
    const whole = predictExamples(model, codec, examples, 256);
    for (const batchSize of [1, 2, 7]) {
      const split = predictExamples(model, codec, examples, batchSize);
      expect(split.predictions).toEqual(whole.predictions);
      expect(split.metrics.charAccuracy).toBe(whole.metrics.charAccuracy);
      expect(split.metrics.loss).toBeCloseTo(whole.metrics.loss, 5);
    }
    expect(whole.predictions.map((prediction) => prediction.question)).toEqual(examples.map((example) => example.question));
    expect(predictExamples(model, codec, [], 4)).toEqual({ metrics: { loss: 0, charAccuracy: 0, exactMatch: 0 }, predictions: [] });
  });

  it('refuses an answer the task cannot hold with the codec’s coded error', () => {
    const before = tf.memory().numTensors;
    expect(() => evaluate(model, codec, [{ question: '1+1', answer: '002' }])).toThrow(/^answers\[0\]: invalid answer "002": leading zero/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
