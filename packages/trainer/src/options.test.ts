import { InvalidOptionError } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { learningRateAt } from './learning-rate.js';
import { DEFAULT_TRAIN_OPTIONS, TRAIN_PRESETS } from './presets.js';
import { resolveRunOptions, resolveTrainOptions } from './resolve-options.js';
import { questionsToClaim } from './targets.js';

describe('resolveTrainOptions', () => {
  it('runs the Keras addition_rnn settings exactly with the keras preset', () => {
    const keras = resolveTrainOptions({ preset: 'keras' });
    expect(keras).toEqual({
      preset: 'keras',
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
      replayFraction: 0,
      labelSmoothing: 0,
      distribution: 'keras',
      threads: 'auto',
    });
    // No decay, no clipping, no early stop: a constant rate from the first example to the last.
    expect(learningRateAt(0, keras)).toBe(0.001);
    expect(learningRateAt(1_500_000, keras)).toBe(0.001);
  });

  it('defaults to the recipe: the seed\'s model, stopping at 99.9% of enough questions to claim it, within a budget', () => {
    const options = resolveTrainOptions({});
    expect(options).toMatchObject({ preset: 'default', model: {}, targetAccuracy: 0.999 });
    expect(options.task.digits ?? 5).toBe(5);
    expect(options.validationSize).toBeGreaterThanOrEqual(questionsToClaim(0.999));
    expect(options.evaluateEvery).toBeLessThan(options.examplesPerEpoch);
    // The decay ends within the budget, which leaves room after it.
    expect(options.decayExamples).toBeLessThan(options.epochs * options.examplesPerEpoch);
    expect(learningRateAt(options.decayExamples, options)).toBeLessThan(options.learningRate / 10);
    expect(resolveTrainOptions({ preset: 'default' })).toEqual(options);
  });

  it('keeps the preset\'s schedule on a run of the preset\'s budget, and on any budget that holds it', () => {
    const preset = TRAIN_PRESETS.default;
    const own = resolveRunOptions({});
    expect(own.resolved).toMatchObject({ warmupExamples: preset.warmupExamples, decayExamples: preset.decayExamples });
    expect(own).not.toHaveProperty('scheduleScaled');
    // A budget exactly as long as the decay (the recipe's winner ran 8 epochs of 500,000 with a 4M decay).
    const epochs = preset.decayExamples! / preset.examplesPerEpoch;
    const fits = resolveRunOptions({ epochs });
    expect(fits.resolved).toMatchObject({ warmupExamples: preset.warmupExamples, decayExamples: preset.decayExamples });
    expect(fits).not.toHaveProperty('scheduleScaled');
    // A longer budget than the preset's stretches the decay over the same share of it, as before.
    const twice = resolveRunOptions({ epochs: preset.epochs * 2 });
    expect(twice.resolved).toMatchObject({ warmupExamples: preset.warmupExamples, decayExamples: preset.decayExamples! * 2 });
    expect(twice).not.toHaveProperty('scheduleScaled');
  });

  it('scales the preset\'s warm-up and decay down together on a budget shorter than its decay, and says so', () => {
    const preset = TRAIN_PRESETS.default;
    const budget = 2 * 40_000;
    const { resolved, scheduleScaled } = resolveRunOptions({ task: { digits: 2 }, epochs: 2, examplesPerEpoch: 40_000 });
    const factor = budget / preset.decayExamples!;
    expect(resolved.decayExamples).toBe(budget);
    expect(resolved.warmupExamples).toBe(Math.round(preset.warmupExamples! * factor));
    expect(scheduleScaled).toEqual({ budget, factor, preset: { warmupExamples: preset.warmupExamples, decayExamples: preset.decayExamples } });
    // Coherent: the warm-up ends well inside the run, the decay reaches the final rate at its end.
    expect(resolved.warmupExamples! * 10).toBeLessThan(budget);
    expect(learningRateAt(resolved.warmupExamples!, resolved)).toBe(resolved.learningRate);
    expect(learningRateAt(budget, resolved)).toBe(resolved.learningRateFinal);
    expect(learningRateAt(budget - 1_000, resolved)).toBeGreaterThan(resolved.learningRateFinal!);
    // A preset without a decay of its own follows the budget, which is no scaling.
    const keras = resolveRunOptions({ preset: 'keras', epochs: 3, examplesPerEpoch: 100 });
    expect(keras.resolved.decayExamples).toBe(300);
    expect(keras).not.toHaveProperty('scheduleScaled');
  });

  it('keeps a warm-up or decay given explicitly as given, scaling only what the preset supplied', () => {
    const preset = TRAIN_PRESETS.default;
    const short = { epochs: 2, examplesPerEpoch: 40_000 };
    const factor = 80_000 / preset.decayExamples!;
    const warmupGiven = resolveRunOptions({ ...short, warmupExamples: 5_000 });
    expect(warmupGiven.resolved).toMatchObject({ warmupExamples: 5_000, decayExamples: 80_000 });
    expect(warmupGiven.scheduleScaled).toEqual({ budget: 80_000, factor, preset: { decayExamples: preset.decayExamples } });
    const decayGiven = resolveRunOptions({ ...short, decayExamples: 50_000 });
    expect(decayGiven.resolved).toMatchObject({ warmupExamples: Math.round(preset.warmupExamples! * factor), decayExamples: 50_000 });
    expect(decayGiven.scheduleScaled).toEqual({ budget: 80_000, factor, preset: { warmupExamples: preset.warmupExamples } });
    // Both given: nothing is scaled, even a warm-up longer than the run.
    const both = resolveRunOptions({ ...short, warmupExamples: 100_000, decayExamples: 60_000 });
    expect(both.resolved).toMatchObject({ warmupExamples: 100_000, decayExamples: 60_000 });
    expect(both).not.toHaveProperty('scheduleScaled');
    expect(resolveTrainOptions({ epochs: 3, examplesPerEpoch: 100, decayExamples: 7 }).decayExamples).toBe(7);
  });

  it('resumes a scaled schedule as it was saved, whatever the new budget', () => {
    const saved = resolveTrainOptions({ epochs: 2, examplesPerEpoch: 40_000 });
    for (const epochs of [undefined, 4, 200]) {
      const resumed = resolveRunOptions(epochs === undefined ? {} : { epochs }, saved);
      expect(resumed.resolved).toMatchObject({ warmupExamples: saved.warmupExamples, decayExamples: saved.decayExamples });
      expect(resumed).not.toHaveProperty('scheduleScaled');
    }
    expect(resolveTrainOptions({}, saved)).toEqual(saved);
  });

  it('turns a lever of the preset off with null and keeps everything else', () => {
    const options = resolveTrainOptions({ clipNorm: null, targetAccuracy: null, learningRateFinal: null, evaluateEvery: null });
    for (const key of ['clipNorm', 'targetAccuracy', 'learningRateFinal', 'evaluateEvery'] as const) expect(options).not.toHaveProperty(key);
    expect(options.carryFraction).toBe(DEFAULT_TRAIN_OPTIONS.carryFraction);
    // Without a final rate a cosine decay falls to 0, and an exponential one does not decay.
    expect(learningRateAt(options.decayExamples, { ...options, learningRateDecay: 'cosine' })).toBe(0);
    expect(learningRateAt(options.decayExamples, { ...options, learningRateDecay: 'exponential' })).toBe(options.learningRate);
  });

  it('takes the new learning-rate levers and checks them', () => {
    const options = resolveTrainOptions({ preset: 'keras', learningRateDecay: 'cosine', warmupExamples: 1000 });
    expect(options).toMatchObject({ learningRateDecay: 'cosine', warmupExamples: 1000 });
    expect(learningRateAt(499, options)).toBeCloseTo(0.0005, 12);
    expect(() => resolveTrainOptions({ learningRateDecay: 'linear' as never })).toThrow('learningRateDecay must be "exponential" or "cosine", got "linear"');
    expect(() => resolveTrainOptions({ warmupExamples: -1 })).toThrow('warmupExamples must be an integer >= 0, got -1');
    expect(() => resolveTrainOptions({ preset: 'pytorch' as never })).toThrow(InvalidOptionError);
    expect(() => resolveTrainOptions({ preset: 'pytorch' as never })).toThrow('preset must be one of "default", "keras", "aligned", "multiply", got "pytorch"');
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
    [{ resume: true }, 'resume needs outDir (or checkpointStore), which holds the checkpoint to resume'],
  ])('rejects %j', (options, message) => {
    const attempt = () => resolveTrainOptions(options as never);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(message);
  });

  it('takes what is unset from the saved options on resume', () => {
    const saved = resolveTrainOptions({ preset: 'keras', task: { digits: 2 }, model: { hiddenSize: 16 }, batchSize: 8, epochs: 4, examplesPerEpoch: 64 });
    const resumed = resolveTrainOptions({ epochs: 6, learningRate: 0.01 }, saved);
    expect(resumed).toMatchObject({
      task: { digits: 2 },
      model: { hiddenSize: 16 },
      batchSize: 8,
      epochs: 6,
      examplesPerEpoch: 64,
      learningRate: 0.01,
      // The run keeps its schedule: past its decay, it trains on at the final rate.
      decayExamples: saved.decayExamples,
    });
    expect(resolveTrainOptions({}, saved).decayExamples).toBe(saved.decayExamples);
  });

  it('does not consult a preset on resume: the checkpoint holds every setting of its run', () => {
    const saved = resolveTrainOptions({ preset: 'keras' });
    const resumed = resolveTrainOptions({}, saved);
    expect(resumed).toEqual(saved);
    expect(resumed).not.toHaveProperty('learningRateFinal');
    expect(resumed).not.toHaveProperty('targetAccuracy');
  });
});
