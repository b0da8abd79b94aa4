import { Codec, InvalidAnswerError, InvalidArgumentError, InvalidQuestionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { ArithmeticDataset } from './arithmetic-dataset.js';
import { encodeExamples } from './encode-examples.js';

const codec = new Codec({ digits: 2, operators: ['+', '-'] });
const examples = [
  { question: '99+1', answer: '100' },
  { question: '3-10', answer: '-7' },
  { question: '0+0', answer: '0' },
];

/** The index of the 1 in each `width`-wide row of a one-hot buffer. */
function hotIndices(oneHot: Float32Array, width: number): number[] {
  return Array.from({ length: oneHot.length / width }, (_, row) => oneHot.subarray(row * width, (row + 1) * width).indexOf(1));
}

describe('encodeExamples', () => {
  it('carries the answers as vocabulary indices [size, answerLength], the classes of the one-hot targets', () => {
    const batch = encodeExamples(codec, examples);
    expect(batch.size).toBe(3);
    expect(batch.answerIndices).toBeInstanceOf(Int32Array);
    expect(batch.answerIndices).toHaveLength(3 * codec.answerLength);
    expect(Array.from(batch.answerIndices)).toEqual(hotIndices(batch.targets, codec.vocabularySize));
    examples.forEach((example, item) => {
      const row = batch.answerIndices.subarray(item * codec.answerLength, (item + 1) * codec.answerLength);
      expect(row).toEqual(codec.encodeAnswer(example.answer));
      expect(codec.decodeAnswer(row)).toBe(example.answer);
    });
    expect(batch.inputShape).toEqual([3, codec.questionLength, codec.vocabularySize]);
    expect(batch.targetShape).toEqual([3, codec.answerLength, codec.vocabularySize]);
  });

  it('writes into the buffers of `into` that fit and allocates the others', () => {
    const first = encodeExamples(codec, examples);
    const swapped = [examples[2]!, examples[0]!, examples[1]!];
    const again = encodeExamples(codec, swapped, first);
    expect(again.inputs).toBe(first.inputs);
    expect(again.targets).toBe(first.targets);
    expect(again.answerIndices).toBe(first.answerIndices);
    expect(again.answerIndices.subarray(0, codec.answerLength)).toEqual(codec.encodeAnswer('0'));
    expect(again.answers).toEqual(['0', '100', '-7']);

    const smaller = encodeExamples(codec, examples.slice(0, 1), first);
    expect(smaller.inputs).not.toBe(first.inputs);
    expect(smaller.answerIndices).toHaveLength(codec.answerLength);
    const stale = { ...first, answerIndices: new Float32Array(first.answerIndices.length) as unknown as Int32Array };
    const fresh = encodeExamples(codec, examples, stale);
    expect(fresh.answerIndices).toBeInstanceOf(Int32Array);
    // first's buffers now hold the swapped batch, so compare with a fresh encoding.
    expect(fresh.answerIndices).toEqual(encodeExamples(codec, examples).answerIndices);
  });

  it('is what ArithmeticDataset.encode and every training batch return', () => {
    const dataset = new ArithmeticDataset({ codec, seed: 3 });
    expect(dataset.encode(examples)).toEqual(encodeExamples(codec, examples));
    const batch = dataset.trainStream({ batchSize: 16 }).next();
    batch.answers.forEach((answer, item) => {
      expect(codec.decodeAnswer(batch.answerIndices.subarray(item * codec.answerLength, (item + 1) * codec.answerLength))).toBe(answer);
    });
  });

  it('refuses a codec that is not one, and examples the task cannot hold, with coded errors naming them', () => {
    expect(() => encodeExamples({ digits: 2 } as never, examples)).toThrow(InvalidArgumentError);
    expect(() => encodeExamples({ digits: 2 } as never, examples)).toThrow('codec must be a Codec, got {"digits":2}');
    expect(() => encodeExamples(codec, 'x' as never)).toThrow('examples must be an array of { question, answer }, got "x"');
    expect(() => encodeExamples(codec, [{ question: '1+1', answer: '2' }, { question: '100+1', answer: '101' }])).toThrow(InvalidQuestionError);
    expect(() => encodeExamples(codec, [{ question: '1+1', answer: '2' }, { question: '1+1', answer: '02' }])).toThrow(
      /^answers\[1\]: invalid answer "02": leading zero at position 0/,
    );
    expect(() => encodeExamples(codec, [{ question: '1+1', answer: 2 as never }])).toThrow(InvalidAnswerError);
  });
});
