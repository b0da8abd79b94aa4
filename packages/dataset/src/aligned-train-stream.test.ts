import { AddrnnError, alignedExampleLayout, InvalidOptionError, sequenceLayout } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { ArithmeticDataset } from './arithmetic-dataset.js';
import { encodeAlignedExamples } from './encode-aligned.js';
import type { EncodedBatch } from './example.js';
import { longCarryCases } from './long-carries.js';
import { normalisePair } from './split.js';

/** Each item's operands and answer read back from an aligned batch's one-hot rows and digits. */
function readAligned(batch: EncodedBatch): string[] {
  const steps = batch.inputShape[1];
  const questions: string[] = [];
  for (let item = 0; item < batch.size; item += 1) {
    const left: number[] = [];
    const right: number[] = [];
    for (let t = steps - 1; t >= 0; t -= 1) {
      const row = batch.inputs.subarray((item * steps + t) * 20, (item * steps + t + 1) * 20);
      left.push(row.subarray(0, 10).indexOf(1));
      right.push(row.subarray(10).indexOf(1));
    }
    questions.push(`${BigInt(left.join(''))}+${BigInt(right.join(''))}`);
  }
  return questions;
}

function answerOf(batch: EncodedBatch, item: number): bigint {
  const steps = batch.inputShape[1];
  return BigInt(Array.from(batch.answerIndices.subarray(item * steps, (item + 1) * steps)).reverse().join(''));
}

describe('ArithmeticDataset.trainStream({ layout: alignedExampleLayout })', () => {
  it('encodes the same drawn examples as the sequence stream, aligned, with answers equal to the BigInt sums', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 6 }, seed: 4 });
    const sequence = dataset.trainStream({ batchSize: 64, carryFraction: 0.3 });
    const aligned = dataset.trainStream({ batchSize: 64, carryFraction: 0.3, layout: alignedExampleLayout });
    for (let i = 0; i < 20; i += 1) {
      const expected = sequence.next();
      const batch = aligned.next();
      expect(batch.questions).toEqual(expected.questions);
      expect(batch.answers).toEqual(expected.answers);
      const steps = Math.max(...batch.questions.flatMap((question) => question.split('+').map((operand) => operand.length))) + 1;
      expect(batch.inputShape).toEqual([64, steps, 20]);
      expect(batch.targetShape).toEqual([64, steps, 10]);
      expect(batch.answerIndices).toHaveLength(64 * steps);
      // Drawn operands have no leading zeros, so the columns read back as the question itself.
      expect(readAligned(batch)).toEqual(batch.questions);
      batch.questions.forEach((question, item) => {
        const [left, right] = question.split('+') as [string, string];
        expect(answerOf(batch, item)).toBe(BigInt(left) + BigInt(right));
        expect(batch.answers[item]).toBe((BigInt(left) + BigInt(right)).toString());
      });
    }
  }, 60_000);

  it('never yields a validation or test question', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 3 }, seed: 11, validationFraction: 0.1, testFraction: 0.1 });
    const heldOut = new Set([...dataset.validationSet(300), ...dataset.testSet(300)].map((example) => normalisePair(example.question)));
    const stream = dataset.trainStream({ batchSize: 500, layout: alignedExampleLayout, carryFraction: 0.5 });
    for (let i = 0; i < 40; i += 1) {
      const batch = stream.next();
      for (const question of readAligned(batch)) {
        expect(dataset.splitOf(question)).toBe('train');
        expect(heldOut.has(normalisePair(question))).toBe(false);
      }
    }
  }, 60_000);

  it('resumes from a saved state with the same batches', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 8 }, seed: 9 });
    const stream = dataset.trainStream({ batchSize: 32, layout: alignedExampleLayout, carryFraction: 0.2 });
    stream.next();
    stream.next();
    const state = JSON.parse(JSON.stringify(stream.state())) as ReturnType<typeof stream.state>;
    const expected = [stream.next(), stream.next()];
    const resumed = dataset.trainStream({ batchSize: 32, layout: alignedExampleLayout, carryFraction: 0.2, state });
    for (const batch of expected) {
      const again = resumed.next();
      expect(again.questions).toEqual(batch.questions);
      expect(again.inputShape).toEqual(batch.inputShape);
      expect(again.inputs).toEqual(batch.inputs);
      expect(again.targets).toEqual(batch.targets);
      expect(again.answerIndices).toEqual(batch.answerIndices);
    }
    expect(resumed.state()).toEqual(stream.state());
  });

  it('keeps the sequence layout the default', () => {
    const dataset = new ArithmeticDataset({ seed: 2 });
    const plain = dataset.trainStream({ batchSize: 16 }).next();
    const sequence = dataset.trainStream({ batchSize: 16, layout: sequenceLayout(dataset.codec) }).next();
    expect(plain.inputShape).toEqual([16, dataset.codec.questionLength, dataset.codec.vocabularySize]);
    expect(sequence.inputs).toEqual(plain.inputs);
    expect(sequence).toEqual(dataset.encode(plain.questions.map((question, item) => ({ question, answer: plain.answers[item]! }))));
  });

  it('rejects an unknown layout and a codec that does more than add', () => {
    const dataset = new ArithmeticDataset({ codec: { digits: 3 } });
    expect(() => dataset.trainStream({ batchSize: 4, layout: 'columns' as never })).toThrow(InvalidOptionError);
    expect(() => dataset.trainStream({ batchSize: 4, layout: 'columns' as never })).toThrow('layout must be an ExampleLayout (sequenceLayout(codec) or alignedExampleLayout from @addrnn/codec, or a model family\'s layout), got "columns"');
    // The layout names no longer select one: a name is refused, whichever it is.
    expect(() => dataset.trainStream({ batchSize: 4, layout: 'aligned' as never })).toThrow('layout must be an ExampleLayout');
    const mixed = new ArithmeticDataset({ codec: { digits: 3, operators: ['+', '-'] } });
    expect(() => mixed.trainStream({ batchSize: 4, layout: alignedExampleLayout })).toThrow(InvalidOptionError);
    expect(() => mixed.trainStream({ batchSize: 4, layout: alignedExampleLayout })).toThrow('the aligned layout lays out operators ["+"] only: the dataset\'s codec must have operators among them, got ["+","-"]');
    expect(() => new ArithmeticDataset({ codec: { digits: 3, operators: ['*'] } }).trainStream({ batchSize: 4, layout: alignedExampleLayout })).toThrow('got ["*"]');
    expect(mixed.trainStream({ batchSize: 4 }).next().size).toBe(4);
  });
});

describe('aligned layout on wrong arguments', () => {
  it('throws only coded AddrnnErrors', () => {
    const values: unknown[] = [undefined, null, 0, -1, 1.5, Number.NaN, '', '1+1', 'aligned', [], [null], [{}], [{ question: '1+1' }], [{ question: '1+1', answer: 2 }], {}, () => 1, Symbol('s'), 10n, true];
    const dataset = new ArithmeticDataset({ codec: { digits: 2 } });
    const raw: string[] = [];
    const attempt = (label: string, call: () => unknown) => {
      try {
        call();
      } catch (error) {
        if (!AddrnnError.isInstance(error)) raw.push(`${label}: ${(error as Error).name}: ${(error as Error).message}`);
      }
    };
    values.forEach((value, index) => {
      attempt(`trainStream layout #${index}`, () => dataset.trainStream({ batchSize: 2, layout: value as never }).next());
      attempt(`encodeAlignedExamples(#${index})`, () => encodeAlignedExamples(value as never));
      attempt(`encodeAlignedExamples([], #${index})`, () => encodeAlignedExamples([], value as never));
      attempt(`longCarryCases(#${index})`, () => longCarryCases(value as never));
    });
    expect(raw).toEqual([]);
  });
});
