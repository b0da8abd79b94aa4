import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '@addrnn/model';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainerState } from './checkpoint.js';
import { CheckpointError, TrainingDivergedError } from './errors.js';
import type { TrainOptions } from './options.js';
import { train } from './train.js';

const tiny: TrainOptions = {
  task: { digits: 1 },
  model: { hiddenSize: 16 },
  batchSize: 16,
  epochs: 4,
  examplesPerEpoch: 64,
  learningRate: 0.01,
  learningRateFinal: 0.001,
  // Fixed, so that runs of different lengths share one schedule.
  decayExamples: 256,
  validationSize: 20,
  backend: 'cpu',
};

/** Batches left until the training step turns the weights to NaN; unset: never. */
const poison = vi.hoisted(() => ({ countdown: undefined as number | undefined }));

vi.mock('@addrnn/model', async (importOriginal) => {
  const original = await importOriginal<typeof import('@addrnn/model')>();
  return {
    ...original,
    createTrainStep: (...parameters: Parameters<typeof original.createTrainStep>) => {
      const [model] = parameters;
      const step = original.createTrainStep(...parameters);
      return (inputs: tf.Tensor3D, targets: tf.Tensor3D) => {
        if (poison.countdown !== undefined && --poison.countdown < 0) {
          // What an exploding update leaves behind: NaN weights, and a NaN loss from then on.
          const nanWeights = model.getWeights().map((weight) => tf.fill(weight.shape, Number.NaN));
          model.setWeights(nanWeights);
          tf.dispose(nanWeights);
        }
        return step(inputs, targets);
      };
    },
  };
});

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'addrnn-trainer-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function readState(directory = join(outDir, 'latest')): Promise<TrainerState> {
  return JSON.parse(await readFile(join(directory, 'trainer-state.json'), 'utf8')) as TrainerState;
}

async function weightsOf(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (weight) => Array.from(await weight.data())));
}

/** What must come out the same whether a run was interrupted or not. */
function summary(history: { loss: number; validation: { loss: number }; examplesSeen: number; learningRate: number }[]) {
  return history.map(({ loss, validation, examplesSeen, learningRate }) => ({
    loss,
    validationLoss: validation.loss,
    examplesSeen,
    learningRate,
  }));
}

describe('train with outDir', () => {
  it('writes latest and best checkpoints that load', async () => {
    const { model, history } = await train({ ...tiny, epochs: 2, outDir });
    expect((await readdir(outDir)).sort()).toEqual(['best', 'latest']);
    expect((await readdir(join(outDir, 'latest'))).sort()).toEqual(
      ['model.json', 'optimizer.bin', 'trainer-state.json', 'weights.bin'].sort(),
    );
    const state = await readState();
    expect(state).toMatchObject({ epoch: 2, batchInEpoch: 0, examplesSeen: 128, options: { batchSize: 16 } });
    expect(state.history).toHaveLength(2);

    const latest = await loadModel(join(outDir, 'latest'));
    expect(await weightsOf(latest.model)).toEqual(await weightsOf(model));
    expect(latest.metadata.training).toMatchObject({ epochs: 2, examplesSeen: 128 });
    const best = await loadModel(join(outDir, 'best'));
    const bestEpoch = history.reduce((chosen, log) =>
      log.validation.exactMatch > chosen.validation.exactMatch ? log : chosen,
    );
    expect(best.metadata.training).toMatchObject({ epochs: bestEpoch.epoch });
    for (const each of [latest.model, best.model, model]) each.dispose();
  });

  it('resumes at an epoch boundary exactly where an uninterrupted run would be', { timeout: 30_000 }, async () => {
    const straight = await train({ ...tiny });
    const straightWeights = await weightsOf(straight.model);
    straight.model.dispose();

    const first = await train({ ...tiny, epochs: 2, outDir });
    first.model.dispose();
    let resumedFrom: number | undefined;
    const resumed = await train({
      epochs: 4,
      outDir,
      resume: true,
      callbacks: { onStart: (info) => (resumedFrom = info.resumedFrom) },
    });
    expect(resumedFrom).toBe(2);
    expect(resumed.history).toHaveLength(4);
    expect(summary(resumed.history)).toEqual(summary(straight.history));
    expect(await weightsOf(resumed.model)).toEqual(straightWeights);
    resumed.model.dispose();

    // The data stream continued where it stopped: 4 epochs of 4 batches.
    expect((await readState()).stream.batches).toBe(16);
  });

  it('writes a checkpoint mid-epoch on abort and resumes from that batch', { timeout: 30_000 }, async () => {
    const straight = await train({ ...tiny, epochs: 2 });
    straight.model.dispose();

    const controller = new AbortController();
    const aborted = await train({
      ...tiny,
      epochs: 2,
      outDir,
      signal: controller.signal,
      callbacks: {
        onBatchEnd: (log) => {
          if (log.epoch === 2 && log.batch === 1) controller.abort();
        },
      },
    });
    aborted.model.dispose();
    expect(aborted.stoppedBecause).toBe('aborted');
    const state = await readState();
    expect(state).toMatchObject({ epoch: 1, batchInEpoch: 1, examplesSeen: 80, stream: { batches: 5 } });

    const resumed = await train({ outDir, resume: true });
    expect(resumed.stoppedBecause).toBe('epochs');
    expect(summary(resumed.history)).toEqual(summary(straight.history));
    expect(resumed.history[1]!.exactMatch).toBe(straight.history[1]!.exactMatch);
    resumed.model.dispose();
  });

  it('refuses to resume without a checkpoint', async () => {
    const attempt = train({ ...tiny, outDir, resume: true });
    await expect(attempt).rejects.toBeInstanceOf(CheckpointError);
    await expect(train({ ...tiny, outDir, resume: true })).rejects.toThrow(/cannot resume: .*latest holds no checkpoint/);
  });

  it('refuses to resume with options that change the model or the data order', async () => {
    (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
    await expect(train({ ...tiny, task: { digits: 2 }, outDir, resume: true })).rejects.toThrow(
      /the options differ from the checkpoint's: task.digits 2 \(checkpoint: 1\)/,
    );
    await expect(
      train({ outDir, resume: true, model: { hiddenSize: 32 }, batchSize: 8 }),
    ).rejects.toThrow(/batchSize 8 \(checkpoint: 16\), model.hiddenSize 32 \(checkpoint: 16\)/);
  });

  it('stops with TrainingDivergedError on a non-finite loss and keeps the last good checkpoint', async () => {
    (await train({ ...tiny, epochs: 2, outDir })).model.dispose();
    const before = await readFile(join(outDir, 'latest', 'trainer-state.json'), 'utf8');
    const bestBefore = await readFile(join(outDir, 'best', 'weights.bin'));
    poison.countdown = 2; // the third batch of epoch 3
    const attempt = train({ outDir, resume: true, epochs: 4 });
    await expect(attempt).rejects.toBeInstanceOf(TrainingDivergedError);
    await expect(attempt).rejects.toThrow(
      /^training diverged: the loss became NaN at epoch 3, batch 3 \(learning rate 0\.00\d+\)\. Try a lower learningRate .* or clip gradients with clipNorm .*The checkpoints in .* were left as they were\.$/,
    );
    poison.countdown = undefined;
    expect(await readFile(join(outDir, 'latest', 'trainer-state.json'), 'utf8')).toBe(before);
    expect(await readFile(join(outDir, 'best', 'weights.bin'))).toEqual(bestBefore);
    const latest = await loadModel(join(outDir, 'latest'));
    for (const weights of await weightsOf(latest.model)) expect(weights.every(Number.isFinite)).toBe(true);
    latest.model.dispose();
  });
});
