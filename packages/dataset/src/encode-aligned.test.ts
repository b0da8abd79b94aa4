import { InvalidAnswerError, InvalidArgumentError, InvalidQuestionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { encodeAlignedExamples } from './encode-aligned.js';
import type { EncodedBatch } from './example.js';

const examples = [
  { question: '99+1', answer: '100' },
  { question: '7+0305', answer: '312' },
  { question: '0+0', answer: '0' },
];

/** The index of the 1 in each `width`-wide row of a one-hot buffer. */
function hotIndices(oneHot: Float32Array, width: number, start: number, rows: number): number[] {
  return Array.from({ length: rows }, (_, row) => oneHot.subarray((start + row) * width, (start + row + 1) * width).indexOf(1));
}

/** Item `item`'s digits from an aligned batch: left operand, right operand, answer; most significant first. */
function readItem(batch: EncodedBatch, item: number): { left: string; right: string; answer: string } {
  const steps = batch.inputShape[1];
  const columns = hotIndices(batch.inputs, 10, item * steps * 2, steps * 2);
  const left = columns.filter((_, index) => index % 2 === 0).reverse().join('');
  const right = columns.filter((_, index) => index % 2 === 1).reverse().join('');
  const answer = Array.from(batch.answerIndices.subarray(item * steps, (item + 1) * steps)).reverse().join('');
  return { left, right, answer };
}

describe('encodeAlignedExamples', () => {
  it('lays out [size, steps, 20] inputs, [size, steps, 10] targets and [size, steps] digits, steps = longest operand + 1', () => {
    const batch = encodeAlignedExamples(examples);
    expect(batch.size).toBe(3);
    expect(batch.questions).toEqual(examples.map((example) => example.question));
    expect(batch.answers).toEqual(examples.map((example) => example.answer));
    expect(batch.inputShape).toEqual([3, 5, 20]);
    expect(batch.targetShape).toEqual([3, 5, 10]);
    expect(batch.inputs).toHaveLength(3 * 5 * 20);
    expect(batch.targets).toHaveLength(3 * 5 * 10);
    expect(batch.answerIndices).toBeInstanceOf(Int32Array);
    expect(batch.answerIndices).toHaveLength(3 * 5);
    expect(Array.from(batch.answerIndices)).toEqual(hotIndices(batch.targets, 10, 0, 15));
  });

  it('puts each operand digit in its column, least significant first, zeros above, and the answer likewise', () => {
    const batch = encodeAlignedExamples(examples);
    expect(readItem(batch, 0)).toEqual({ left: '00099', right: '00001', answer: '00100' });
    expect(readItem(batch, 1)).toEqual({ left: '00007', right: '00305', answer: '00312' });
    expect(readItem(batch, 2)).toEqual({ left: '00000', right: '00000', answer: '00000' });
    // Every input column is two one-hot digits: exactly two ones.
    for (let row = 0; row < 15; row += 1) {
      expect(batch.inputs.subarray(row * 20, row * 20 + 20).reduce((sum, value) => sum + value, 0)).toBe(2);
    }
  });

  it('encodes a batch with a 10,000-digit question', () => {
    const left = '9'.repeat(10_000);
    const batch = encodeAlignedExamples([{ question: `${left}+1`, answer: `1${'0'.repeat(10_000)}` }, { question: '2+2', answer: '4' }]);
    expect(batch.inputShape).toEqual([2, 10_001, 20]);
    expect(readItem(batch, 0)).toEqual({ left: `0${left}`, right: `${'0'.repeat(10_000)}1`, answer: `1${'0'.repeat(10_000)}` });
    expect(readItem(batch, 1).answer).toBe(`${'0'.repeat(10_000)}4`);
  }, 60_000);

  it('writes into the buffers of `into` that fit and allocates the others', () => {
    const first = encodeAlignedExamples(examples);
    const again = encodeAlignedExamples([examples[2]!, examples[0]!, examples[1]!], first);
    expect(again.inputs).toBe(first.inputs);
    expect(again.targets).toBe(first.targets);
    expect(again.answerIndices).toBe(first.answerIndices);
    expect(readItem(again, 0).answer).toBe('00000');
    expect(readItem(again, 1).left).toBe('00099');
    const longer = encodeAlignedExamples([{ question: '123456+1', answer: '123457' }, ...examples.slice(1)], first);
    expect(longer.inputShape).toEqual([3, 7, 20]);
    expect(longer.inputs).not.toBe(first.inputs);
    expect(readItem(longer, 0)).toEqual({ left: '0123456', right: '0000001', answer: '0123457' });
  });

  it('names what it cannot encode', () => {
    expect(() => encodeAlignedExamples([{ question: '3-1', answer: '2' }])).toThrow(InvalidQuestionError);
    expect(() => encodeAlignedExamples([examples[0]!, { question: '3-1', answer: '2' }])).toThrow('questions[1]: invalid question "3-1"');
    expect(() => encodeAlignedExamples([{ question: '3+1', answer: '-4' }])).toThrow(InvalidAnswerError);
    expect(() => encodeAlignedExamples([{ question: '3+1', answer: '-4' }])).toThrow('answers[0]: invalid answer "-4"');
    expect(() => encodeAlignedExamples([{ question: '3+1', answer: '400' }])).toThrow('it has 3 characters; expected at most 2');
    expect(() => encodeAlignedExamples('3+1' as never)).toThrow(InvalidArgumentError);
    expect(() => encodeAlignedExamples([null as never])).toThrow('examples[0] must be an object');
  });
});
