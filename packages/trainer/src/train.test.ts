import * as tf from '@tensorflow/tfjs';
import { Codec, InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import type { EpochLog } from './epoch-log.js';
import { evaluate } from './evaluate.js';
import { ArithmeticDataset } from '@addrnn/dataset';
import { getMetadata, recordedAccuracy } from '@addrnn/model';
import type { BatchLog, StartInfo, TrainOptions } from './options.js';
import { train } from './train.js';

/** A run small enough for a busy two-core machine. */
const tiny: TrainOptions = {
  // The seed's plain settings (no decay, carry mix or early stop) keep these mechanics tests simple.
  preset: 'keras',
  task: { digits: 1 },
  model: { hiddenSize: 16 },
  batchSize: 16,
  epochs: 3,
  examplesPerEpoch: 64,
  validationSize: 20,
  backend: 'cpu',
};

describe('train', () => {
  it('learns 1-digit addition', { timeout: 60_000 }, async () => {
    const starts: StartInfo[] = [];
    const { model, history, stoppedBecause } = await train({
      preset: 'keras',
      task: { digits: 1 },
      model: { hiddenSize: 32 },
      batchSize: 32,
      epochs: 20,
      examplesPerEpoch: 2_048,
      learningRate: 0.01,
      learningRateFinal: 0.002,
      validationSize: 20,
      backend: 'wasm',
      callbacks: { onStart: (info) => starts.push(info) },
    });
    const last = history[history.length - 1]!;
    expect(last.exactMatch).toBeGreaterThan(0.9);
    expect(stoppedBecause).toBe('epochs');
    // The task's validation split holds only a few questions; train says so and uses them all.
    const codec = new Codec({ digits: 1 });
    const validationPairs = new ArithmeticDataset({ codec, seed: 1 }).distinctPairs('validation');
    expect(validationPairs).toBeLessThan(20);
    expect(starts[0]).toMatchObject({ validationSize: validationPairs, validationSizeRequested: 20 });
    // Judged on every one of the 100 questions of the task (not on those few): at least 90 right.
    const all = Array.from({ length: 100 }, (_, index) => {
      const [left, right] = [Math.floor(index / 10), index % 10];
      return { question: `${left}+${right}`, answer: String(left + right) };
    });
    const result = evaluate(model, all);
    expect(result.exactMatch).toBeGreaterThanOrEqual(0.9);
    expect(result.errors.length).toBeLessThanOrEqual(10);
    model.dispose();
  });

  it('reports a validation set it did not shrink without validationSizeRequested', { timeout: 60_000 }, async () => {
    const starts: StartInfo[] = [];
    const { model } = await train({ ...tiny, task: { digits: 2 }, epochs: 1, validationSize: 50, callbacks: { onStart: (info) => starts.push(info) } });
    expect(starts[0]!.validationSize).toBe(50);
    expect(starts[0]).not.toHaveProperty('validationSizeRequested');
    model.dispose();
  });

  it('trains the same with a batch split across worker threads (data parallel)', { timeout: 60_000 }, async () => {
    const options: TrainOptions = { ...tiny, task: { digits: 2 }, batchSize: 64, examplesPerEpoch: 256, epochs: 2, backend: 'wasm' };
    const starts: { threads: number }[] = [];
    const one = await train({ ...options, threads: 1, callbacks: { onStart: (info) => starts.push(info) } });
    const two = await train({ ...options, threads: 2, callbacks: { onStart: (info) => starts.push(info) } });
    expect(starts.map((info) => info.threads)).toEqual([1, 2]);
    for (const [i, epoch] of one.history.entries()) {
      expect(two.history[i]!.loss).toBeCloseTo(epoch.loss, 4);
      expect(two.history[i]!.validation.loss).toBeCloseTo(epoch.validation.loss, 4);
    }
    one.model.dispose();
    two.model.dispose();
  });

  it('reports progress through its callbacks', async () => {
    const starts: unknown[] = [];
    const batches: BatchLog[] = [];
    const epochs: EpochLog[] = [];
    const { model, history, backend, examplesSeen } = await train({
      ...tiny,
      epochs: 2,
      learningRateFinal: 0.0001,
      callbacks: {
        onStart: (info) => starts.push(info),
        onBatchEnd: (log) => batches.push(log),
        onEpochEnd: (log) => epochs.push(log),
      },
    });
    expect(backend).toBe('cpu');
    expect(starts).toEqual([
      expect.objectContaining({
        backend: expect.objectContaining({ name: 'cpu' }),
        parameters: model.countParams(),
        // The options as resolved: the preset's, with what was given on top.
        options: expect.objectContaining({ preset: 'keras', epochs: 2, batchSize: 16, learningRateFinal: 0.0001, carryFraction: 0 }),
      }),
    ]);
    expect(starts[0]).not.toHaveProperty('resumed');
    expect(batches).toHaveLength(8);
    expect(batches[0]).toMatchObject({ epoch: 1, batch: 1, batchesPerEpoch: 4, batchSize: 16, examplesSeen: 16, learningRate: 0.001 });
    expect(batches[7]).toMatchObject({ epoch: 2, batch: 4, examplesSeen: 128 });
    // The learning rate decays batch by batch.
    for (let index = 1; index < batches.length; index += 1) {
      expect(batches[index]!.learningRate).toBeLessThan(batches[index - 1]!.learningRate);
    }
    expect(epochs).toEqual(history);
    expect(epochs[1]).toMatchObject({ epoch: 2, epochs: 2, examplesSeen: 128, backend: 'cpu' });
    for (const log of epochs) {
      expect(log.loss).toBeGreaterThan(0);
      expect(log.validation.loss).toBeGreaterThan(0);
      expect(log.samplesPerSecond).toBeGreaterThan(0);
      expect(log.charAccuracy).toBeGreaterThanOrEqual(0);
      expect(log.samples.length).toBeGreaterThan(0);
      expect(log.samples.length).toBeLessThanOrEqual(10);
      for (const sample of log.samples) {
        expect(sample.correct).toBe(sample.predicted === sample.expected);
        expect(sample.expected).toBe(String(eval(sample.question)));
      }
    }
    expect(examplesSeen).toBe(128);
    // The returned model carries its training record, as a saved checkpoint does.
    const record = getMetadata(model).training;
    expect(record).toMatchObject({ command: 'train', epochs: 2, examplesSeen: 128, options: expect.objectContaining({ preset: 'keras' }) });
    expect(recordedAccuracy(getMetadata(model))).toBe(history[1]!.validation.exactMatch);
    model.dispose();
  });

  it('leaks no tensors from epoch to epoch', async () => {
    const counts: number[] = [];
    const { model } = await train({
      ...tiny,
      epochs: 4,
      clipNorm: 1,
      callbacks: { onEpochEnd: () => counts.push(tf.memory().numTensors) },
    });
    expect(counts).toHaveLength(4);
    expect(new Set(counts).size).toBe(1);
    model.dispose();
  });

  it('stops early once validation exact match reaches targetAccuracy', async () => {
    const { model, history, stoppedBecause } = await train({ ...tiny, epochs: 5, targetAccuracy: 0 });
    expect(stoppedBecause).toBe('target');
    expect(history).toHaveLength(1);
    model.dispose();
  });

  it('stops after the current batch when its signal is aborted', async () => {
    const controller = new AbortController();
    const batches: BatchLog[] = [];
    const { model, history, stoppedBecause, examplesSeen } = await train({
      ...tiny,
      signal: controller.signal,
      callbacks: {
        onBatchEnd: (log) => {
          batches.push(log);
          if (log.examplesSeen === 6 * 16) controller.abort();
        },
      },
    });
    expect(stoppedBecause).toBe('aborted');
    expect(batches).toHaveLength(6);
    expect(history).toHaveLength(1);
    expect(examplesSeen).toBe(96);
    model.dispose();
  });

  it('validates its options before doing any work', async () => {
    await expect(train({ ...tiny, batchSize: 0 })).rejects.toThrow(
      new InvalidOptionError('batchSize must be an integer from 1 to 65536, got 0'),
    );
    await expect(train({ ...tiny, learningRate: -1 })).rejects.toBeInstanceOf(InvalidOptionError);
  });
});

describe('evaluate', () => {
  it('returns the metrics and the questions answered wrongly', async () => {
    const { model } = await train({ ...tiny, epochs: 1 });
    const examples = [
      { question: '1+2', answer: '3' },
      { question: '9+9', answer: '18' },
      { question: '0+0', answer: '0' },
    ];
    const result = evaluate(model, examples, { batchSize: 2 });
    expect(result.loss).toBeGreaterThan(0);
    expect(result.exactMatch).toBeCloseTo((3 - result.errors.length) / 3, 12);
    expect(result.charAccuracy).toBeGreaterThanOrEqual(result.exactMatch);
    for (const error of result.errors) {
      expect(examples).toContainEqual({ question: error.question, answer: error.expected });
      expect(error.predicted).not.toBe(error.expected);
    }
    // The codec can also be given instead of read from the model's metadata.
    const withCodec = evaluate(model, new Codec({ digits: 1 }), examples);
    expect({ ...withCodec, loss: 0 }).toEqual({ ...result, loss: 0 });
    expect(withCodec.loss).toBeCloseTo(result.loss, 5);
    model.dispose();
  });
});
