import { InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { resolveTrainOptions } from './options.js';

describe('resolveTrainOptions', () => {
  it('applies the Keras addition_rnn defaults', () => {
    expect(resolveTrainOptions({})).toEqual({
      task: {},
      model: {},
      batchSize: 32,
      epochs: 30,
      examplesPerEpoch: 50_000,
      learningRate: 0.001,
      decayExamples: 1_500_000,
      seed: 1,
      validationSize: 2_000,
      backend: 'auto',
      carryFraction: 0,
      threads: 'auto',
    });
  });

  it('defaults decayExamples to epochs * examplesPerEpoch', () => {
    expect(resolveTrainOptions({ epochs: 3, examplesPerEpoch: 100 }).decayExamples).toBe(300);
  });

  it.each([
    [{ batchSize: 0 }, 'batchSize must be an integer from 1 to 65536, got 0'],
    [{ batchSize: 1.5 }, 'batchSize must be an integer from 1 to 65536, got 1.5'],
    [{ batchSize: 65_537 }, 'batchSize must be an integer from 1 to 65536, got 65537'],
    [{ epochs: 0 }, 'epochs must be an integer from 1 to 1000000, got 0'],
    [{ examplesPerEpoch: -5 }, 'examplesPerEpoch must be an integer >= 1, got -5'],
    [{ learningRate: 0 }, 'learningRate must be a finite number > 0, got 0'],
    [{ learningRate: Number.NaN }, 'learningRate must be a finite number > 0, got NaN'],
    [{ learningRateFinal: -1 }, 'learningRateFinal must be a finite number > 0, got -1'],
    [{ decayExamples: 0 }, 'decayExamples must be an integer >= 1, got 0'],
    [{ clipNorm: 0 }, 'clipNorm must be a finite number > 0, got 0'],
    [{ seed: -1 }, 'seed must be an integer from 0 to 4294967295, got -1'],
    [{ validationSize: 0 }, 'validationSize must be an integer from 1 to 1000000, got 0'],
    [{ targetAccuracy: 1.5 }, 'targetAccuracy must be a number from 0 to 1, got 1.5'],
    [{ backend: 'gpu' }, 'backend must be one of "auto", "node", "wasm", "cpu", "webgl", got "gpu"'],
    [{ carryFraction: -0.1 }, 'carryFraction must be a number from 0 to 1, got -0.1'],
    [{ threads: 0 }, 'threads must be "auto" or an integer from 1 to 64, got 0'],
    [{ threads: 'many' }, 'threads must be "auto" or an integer from 1 to 64, got "many"'],
    [{ outDir: '' }, 'outDir must be a non-empty string, got ""'],
    [{ resume: true }, 'resume needs outDir, the directory that holds the checkpoint to resume'],
  ])('rejects %j', (options, message) => {
    const attempt = () => resolveTrainOptions(options as never);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(message);
  });

  it('takes what is unset from the saved options on resume', () => {
    const saved = resolveTrainOptions({ task: { digits: 2 }, model: { hiddenSize: 16 }, batchSize: 8, epochs: 4, examplesPerEpoch: 64 });
    const resumed = resolveTrainOptions({ epochs: 6, learningRate: 0.01 }, saved);
    expect(resumed).toMatchObject({
      task: { digits: 2 },
      model: { hiddenSize: 16 },
      batchSize: 8,
      epochs: 6,
      examplesPerEpoch: 64,
      learningRate: 0.01,
      decayExamples: 6 * 64,
    });
    expect(resolveTrainOptions({}, saved).decayExamples).toBe(4 * 64);
  });
});
