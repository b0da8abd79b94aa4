import { readFileSync } from 'node:fs';
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
  // The seed's plain settings (no decay, carry mix or early stop) keep these mechanics tests simple.
  preset: 'keras',
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

/**
 * Batches left until the training step turns the weights to NaN; unset: never. `after`: the
 * weights turn NaN after the step, whose loss is still finite.
 */
const poison = vi.hoisted(() => ({ countdown: undefined as number | undefined, after: false }));

vi.mock('@addrnn/model', async (importOriginal) => {
  const original = await importOriginal<typeof import('@addrnn/model')>();
  return {
    ...original,
    createTrainStep: (...parameters: Parameters<typeof original.createTrainStep>) => {
      const [model] = parameters;
      const step = original.createTrainStep(...parameters);
      const spoil = () => {
        // What an exploding update leaves behind: NaN weights, and a NaN loss from then on.
        const nanWeights = model.getWeights().map((weight) => tf.fill(weight.shape, Number.NaN));
        model.setWeights(nanWeights);
        tf.dispose(nanWeights);
      };
      return (inputs: tf.Tensor3D, targets: tf.Tensor3D) => {
        const due = poison.countdown !== undefined && --poison.countdown < 0;
        if (due && !poison.after) spoil();
        const result = step(inputs, targets);
        if (due && poison.after) spoil();
        return result;
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
    // The highest exact match; a tie goes to the lower validation loss.
    const bestEpoch = history.reduce((chosen, log) =>
      log.validation.exactMatch > chosen.validation.exactMatch ||
      (log.validation.exactMatch === chosen.validation.exactMatch && log.validation.loss < chosen.validation.loss)
        ? log
        : chosen,
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

  it('writes checkpoints within an epoch at the interval, and a resume from one ends as an uninterrupted run', { timeout: 60_000 }, async () => {
    const straight = await train({ ...tiny, epochs: 2 });
    const straightWeights = await weightsOf(straight.model);
    straight.model.dispose();

    // A crash in the middle of epoch 2: the callback throws, as a killed process would stop.
    const seen: { batch: number; onDisk: number }[] = [];
    const onDisk = () =>
      (JSON.parse(readFileSync(join(outDir, 'latest', 'trainer-state.json'), 'utf8')) as TrainerState).batchInEpoch;
    const crash = train({
      ...tiny,
      epochs: 2,
      outDir,
      checkpointInterval: { examples: 32 },
      callbacks: {
        onBatchEnd: (log) => {
          if (log.epoch !== 2) return;
          seen.push({ batch: log.batch, onDisk: onDisk() });
          if (log.batch === 3) throw new Error('crash');
        },
      },
    });
    await expect(crash).rejects.toThrow('crash');
    // onBatchEnd comes before the checkpoint of its batch.
    expect(seen).toEqual([
      { batch: 1, onDisk: 0 },
      { batch: 2, onDisk: 0 },
      { batch: 3, onDisk: 2 },
    ]);
    const state = await readState();
    // Every 2 batches of 16 examples: after batch 2 of epoch 2 (and at the end of epoch 1).
    expect(state).toMatchObject({ epoch: 1, batchInEpoch: 2, examplesSeen: 96, stream: { batches: 6 } });
    expect(state.partialEpoch.counts.examples).toBe(32);

    const resumed = await train({ outDir, resume: true });
    expect(summary(resumed.history)).toEqual(summary(straight.history));
    expect(await weightsOf(resumed.model)).toEqual(straightWeights);
    resumed.model.dispose();
  });

  it('on 2 threads, which draw each next batch while the worker computes, checkpoints the data order of the batches trained', { timeout: 120_000 }, async () => {
    const twoThreads: TrainOptions = { ...tiny, batchSize: 32, examplesPerEpoch: 128, epochs: 2, threads: 2, backend: 'wasm' };
    let threads = 0;
    const straight = await train({ ...twoThreads, callbacks: { onStart: (info) => (threads = info.threads) } });
    expect(threads).toBe(2);
    const straightWeights = await weightsOf(straight.model);
    straight.model.dispose();

    const crash = train({
      ...twoThreads,
      outDir,
      checkpointInterval: { examples: 64 },
      callbacks: {
        onBatchEnd: (log) => {
          if (log.epoch === 2 && log.batch === 3) throw new Error('crash');
        },
      },
    });
    await expect(crash).rejects.toThrow('crash');
    // After batch 2 of epoch 2: 6 batches trained, and the stream stands after 6 (the 7th, drawn
    // ahead while the worker computed the 6th, is not counted).
    expect(await readState()).toMatchObject({ epoch: 1, batchInEpoch: 2, examplesSeen: 192, stream: { batches: 6 } });

    const resumed = await train({ outDir, resume: true });
    expect(summary(resumed.history)).toEqual(summary(straight.history));
    expect(await weightsOf(resumed.model)).toEqual(straightWeights);
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

  it('never saves NaN weights, not even when stopped right after the batch that made them', { timeout: 60_000 }, async () => {
    (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
    const before = await readFile(join(outDir, 'latest', 'weights.bin'));
    const stateBefore = await readFile(join(outDir, 'latest', 'trainer-state.json'), 'utf8');
    poison.countdown = 1;
    poison.after = true;
    const controller = new AbortController();
    const attempt = train({
      outDir,
      resume: true,
      epochs: 2,
      signal: controller.signal,
      callbacks: {
        onBatchEnd: (log) => {
          // The loss of this batch was finite: the weights turned NaN after it.
          expect(Number.isFinite(log.loss)).toBe(true);
          if (log.batch === 2) controller.abort();
        },
      },
    });
    try {
      await expect(attempt).rejects.toBeInstanceOf(TrainingDivergedError);
      await expect(attempt).rejects.toMatchObject({ code: 'TRAINING_DIVERGED', diverged: 'weights', epoch: 2, batch: 2 });
      await expect(attempt).rejects.toThrow(/the weights became NaN or infinite at epoch 2, batch 2/);
    } finally {
      poison.countdown = undefined;
      poison.after = false;
    }
    expect(await readFile(join(outDir, 'latest', 'weights.bin'))).toEqual(before);
    expect(await readFile(join(outDir, 'latest', 'trainer-state.json'), 'utf8')).toBe(stateBefore);
  });
});
