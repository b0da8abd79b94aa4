import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Codec, drawOperand, registerOperator } from '@addrnn/codec';
import { ArithmeticDataset } from '@addrnn/dataset';
import { loadModel } from '@addrnn/model';
import { describe, expect, it } from 'vitest';
import type { Sample } from './epoch-log.js';
import { evaluate } from './evaluate.js';
import { train } from './train.js';

// The Operator type learns the symbol the way a program that registers an operator would say it.
declare module '@addrnn/codec' {
  interface RegisteredOperators {
    '^': true;
  }
}

/** The larger operand, `35^7` is `35`: an operator that exists only in this file. */
const max = registerOperator({
  symbol: '^',
  name: 'max',
  commutative: true,
  negative: false,
  answerLength: (leftDigits, rightDigits) => Math.max(leftDigits, rightDigits),
  answer: (left, right) => (left > right ? left : right),
  drawOperands: (source, digits, distribution) => [drawOperand(source, digits, distribution), drawOperand(source, digits, distribution)],
  // Its hard questions: operands of one length that differ only in their last digit.
  drawChainPair: (source, digits) => {
    const left = drawOperand(source, digits, 'uniform');
    return [left, `${left.slice(0, -1)}${source.integer(10)}`.replace(/^0+(?=\d)/, '')];
  },
  hardCases: (digits) => [
    { left: 10n ** BigInt(digits) - 1n, right: 10n ** BigInt(digits) - 2n, kind: 'maximum' },
    { left: 0n, right: 0n, kind: 'zero' },
  ],
});

/** What `max` answers, from the question's own digits, not through the codec. */
function larger(question: string): string {
  const [left, right] = question.split('^').map(BigInt) as [bigint, bigint];
  return (left > right ? left : right).toString();
}

describe('an operator registered outside the packages', () => {
  it('trains a seq2seq model end to end and saves a codec that reads it back', { timeout: 180_000 }, async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'addrnn-max-'));
    try {
      const task = { digits: 2, operators: [max.symbol] };
      const samples: Sample[] = [];
      const result = await train({
        preset: 'keras',
        task,
        model: { hiddenSize: 32 },
        batchSize: 32,
        epochs: 8,
        examplesPerEpoch: 1_024,
        learningRate: 0.01,
        carryFraction: 0.25,
        validationSize: 100,
        backend: 'cpu',
        threads: 1,
        outDir,
        callbacks: { onEpochEnd: (log) => samples.push(...log.samples) },
      });
      expect(result.history.map((log) => log.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const [first, last] = [result.history[0]!, result.history[7]!];
      // It learns: 8,192 examples halve the loss and lift validation accuracy (about 0.31 -> 0.50 per character).
      expect(last.loss).toBeLessThan(first.loss / 2);
      expect(last.validation.charAccuracy).toBeGreaterThan(first.validation.charAccuracy + 0.1);
      // Validation was judged on max's exact answers: the same 100 questions, scored again here,
      // give the same exact match, and every expected answer is the larger operand.
      const codec = new Codec(task);
      const validation = new ArithmeticDataset({ codec, seed: 1 }).validationSet(100);
      for (const { question, answer } of validation) expect(answer).toBe(larger(question));
      const scored = evaluate(result.model, validation);
      expect(scored.exactMatch).toBeCloseTo(last.validation.exactMatch, 10);
      expect(scored.charAccuracy).toBeCloseTo(last.validation.charAccuracy, 10);
      for (const error of scored.errors) expect(error.expected).toBe(larger(error.question));
      expect(samples.length).toBeGreaterThan(0);
      for (const sample of samples) {
        expect(sample.expected).toBe(larger(sample.question));
        expect(sample.predicted.length).toBeLessThanOrEqual(codec.answerLength);
        expect(sample.correct).toBe(sample.predicted === sample.expected);
      }

      // The saved model's codec is the task's, '^' in its vocabulary, and predicts through it.
      const loaded = await loadModel(join(outDir, 'best'));
      expect(loaded.codec.toConfig()).toEqual(codec.toConfig());
      expect(loaded.codec.vocabulary.join('')).toBe(' 0123456789^');
      expect(loaded.codec.solve('35^7')).toBe('35');
      const tensors = tf.memory().numTensors;
      const reloaded = evaluate(loaded.model, validation);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(reloaded.exactMatch).toBe(result.best.exactMatch);
      loaded.model.dispose();
      result.model.dispose();
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
