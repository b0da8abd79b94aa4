import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, relative as relativePath } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '@addrnn/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '@addrnn/model/internal';
import type { CheckpointFileSystem } from './checkpoint-fs.js';
import { CheckpointError, RunExistsError } from './errors.js';
import type { TrainOptions } from './options.js';
import { train } from './train.js';

const tiny: TrainOptions = {
  // The seed's plain settings (no decay, carry mix or early stop) keep these mechanics tests simple.
  preset: 'keras',
  task: { digits: 1 },
  model: { hiddenSize: 8 },
  batchSize: 16,
  epochs: 2,
  examplesPerEpoch: 64,
  learningRate: 0.01,
  validationSize: 20,
  backend: 'cpu',
  threads: 1,
  checkpointInterval: false,
};

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'addrnn-durable-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

type Call = [operation: string, ...paths: string[]];

/** The real file system, recording each mutating call with paths relative to `outDir`. */
async function recordingFileSystem(calls: Call[]): Promise<CheckpointFileSystem> {
  const real = await nodeFileSystem();
  const name = (path: string) => relative(outDir, path) || '.';
  return {
    ...real,
    mkdir: async (directory, options) => {
      calls.push(['mkdir', name(directory)]);
      await real.mkdir(directory, options);
    },
    writeFile: async (file, data) => {
      calls.push(['write', name(file)]);
      await real.writeFile(file, data);
    },
    fsync: async (path) => {
      calls.push(['fsync', name(path)]);
      await real.fsync(path);
    },
    rename: async (from, to) => {
      calls.push(['rename', name(from), name(to)]);
      await real.rename(from, to);
    },
    remove: async (path) => {
      calls.push(['remove', name(path)]);
      await real.remove(path);
    },
  };
}

/**
 * The real file system until its `crashAt`-th mutating call (0-based), which fails as a power
 * cut would: a write leaves half its bytes. From then on every call fails, so nothing the
 * crashed process would not have done reaches the disk.
 */
async function crashingFileSystem(crashAt: number): Promise<{ fs: CheckpointFileSystem; calls: () => number; crashed: () => string | undefined }> {
  const real = await nodeFileSystem();
  let count = 0;
  let crashed: string | undefined;
  const relative = (from: string, path: string) => relativePath(from, path) || '.';
  const gate = async (operation: string, partial?: () => Promise<void>) => {
    if (crashed !== undefined) throw new Error(`crashed earlier (${crashed})`);
    if (count++ === crashAt) {
      crashed = operation;
      await partial?.();
      throw new Error(`simulated crash at ${operation}`);
    }
  };
  const fs: CheckpointFileSystem = {
    mkdir: async (directory, options) => {
      await gate(`mkdir ${relative(outDir, directory)}`);
      await real.mkdir(directory, options);
    },
    writeFile: async (file, data) => {
      await gate(`write ${relative(outDir, file)}`, () => real.writeFile(file, data.slice(0, Math.floor(data.length / 2))));
      await real.writeFile(file, data);
    },
    fsync: async (path) => {
      await gate(`fsync ${relative(outDir, path)}`);
      await real.fsync(path);
    },
    rename: async (from, to) => {
      await gate(`rename ${relative(outDir, from)} ${relative(outDir, to)}`);
      await real.rename(from, to);
    },
    remove: async (path) => {
      await gate(`remove ${relative(outDir, path)}`);
      await real.remove(path);
    },
    readdir: async (directory) => {
      if (crashed !== undefined) throw new Error('crashed');
      return real.readdir(directory);
    },
    lstat: async (path) => {
      if (crashed !== undefined) throw new Error('crashed');
      return real.lstat(path);
    },
    openRegularFile: async (file) => {
      if (crashed !== undefined) throw new Error('crashed');
      return real.openRegularFile(file);
    },
  };
  return { fs, calls: () => count, crashed: () => crashed };
}

async function weightsOf(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (weight) => Array.from(await weight.data())));
}

/** Replaces the random part of staging and old names, so that call lists compare. */
function normalise(calls: Call[]): Call[] {
  return calls.map(
    ([operation, ...paths]) =>
      [operation, ...paths.map((path) => path.replace(/(\.staging-\w+|\.old)-[a-z0-9]+-[a-z0-9]+/, '$1-*'))] as Call,
  );
}

describe('durable checkpoints', () => {
  it('fsyncs every file, then its directory, and the parent before and after each rename', { timeout: 60_000 }, async () => {
    const calls: Call[] = [];
    const { model } = await train({ ...tiny, outDir, fileSystem: await recordingFileSystem(calls) });
    model.dispose();
    const staged = (name: string, files: string[]): Call[] => [
      ['mkdir', `.staging-${name}-*`],
      ...files.flatMap((file): Call[] => [
        ['write', `.staging-${name}-*/${file}`],
        ['fsync', `.staging-${name}-*/${file}`],
      ]),
      ['fsync', `.staging-${name}-*`],
      ['fsync', '.'],
    ];
    const latestFiles = ['weights.bin', 'model.json', 'optimizer.bin', 'trainer-state.json'];
    const modelFiles = ['weights.bin', 'model.json'];
    const replace = (name: string, first: boolean): Call[] =>
      first
        ? [['rename', `.staging-${name}-*`, name], ['fsync', '.']]
        : [
            ['rename', name, `${name}.old-*`],
            ['fsync', '.'],
            ['rename', `.staging-${name}-*`, name],
            ['fsync', '.'],
            ['remove', `${name}.old-*`],
            ['fsync', '.'],
          ];
    const recorded = normalise(calls);
    // Epoch 1 always improves on nothing, so it writes best (first) and latest.
    expect(recorded.slice(0, 1)).toEqual([['mkdir', '.']]);
    const epoch1 = [...staged('best', modelFiles), ...replace('best', true), ...staged('latest', latestFiles), ...replace('latest', true)];
    expect(recorded.slice(1, 1 + epoch1.length)).toEqual(epoch1);
    // Epoch 2 writes latest over the old one (and best too, if it improved).
    const rest = recorded.slice(1 + epoch1.length);
    const latestAgain = [...staged('latest', latestFiles), ...replace('latest', false)];
    const bestAgain = [...staged('best', modelFiles), ...replace('best', false)];
    expect([latestAgain, [...bestAgain, ...latestAgain]]).toContainEqual(rest);
  });

  it(
    'recovers a loadable checkpoint after a crash at any write, rename or fsync, and ends as an uninterrupted run',
    { timeout: 600_000 },
    async () => {
      const straight = await train({ ...tiny, epochs: 2 });
      const straightWeights = await weightsOf(straight.model);
      straight.model.dispose();

      // How many mutating calls the second epoch's checkpoints make.
      const probe = await crashingFileSystem(Number.POSITIVE_INFINITY);
      (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
      (await train({ ...tiny, epochs: 2, outDir, resume: true, fileSystem: probe.fs })).model.dispose();
      const total = probe.calls();
      expect(total).toBeGreaterThanOrEqual(17); // latest: mkdir, 4 × (write, fsync), 7 around the renames; best too if it improved

      const crashes: string[] = [];
      for (let crashAt = 0; crashAt < total; crashAt += 1) {
        await rm(outDir, { recursive: true, force: true });
        (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
        const faulty = await crashingFileSystem(crashAt);
        await expect(train({ ...tiny, epochs: 2, outDir, resume: true, fileSystem: faulty.fs })).rejects.toThrow(
          /simulated crash/,
        );
        crashes.push(faulty.crashed()!);

        // A fresh start repairs the directory and finishes the run.
        const resumed = await train({ ...tiny, epochs: 2, outDir, resume: true });
        expect(await weightsOf(resumed.model), `crash at ${faulty.crashed()}`).toEqual(straightWeights);
        resumed.model.dispose();
        expect((await readdir(outDir)).sort(), `crash at ${faulty.crashed()}`).toEqual(['best', 'latest']);
        for (const name of ['latest', 'best']) {
          const loaded = await loadModel(join(outDir, name));
          loaded.model.dispose();
        }
      }
      // Every kind of step was hit, the renames in between included.
      for (const pattern of [/^write .*trainer-state\.json$/, /^rename latest latest\.old-/, /^rename \.staging-latest-\S+ latest$/, /^remove latest\.old-/, /^fsync \.$/]) {
        expect(crashes.some((crash) => pattern.test(crash)), String(pattern)).toBe(true);
      }
    },
  );

  it('puts back best and latest from an interrupted swap and sweeps staging and old directories', { timeout: 60_000 }, async () => {
    (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
    const bestWeights = await readFile(join(outDir, 'best', 'weights.bin'));
    // What a crash between the two renames of each swap leaves, plus debris of other crashes.
    await rename(join(outDir, 'best'), join(outDir, 'best.old-mabc123-x1y2z3'));
    await rename(join(outDir, 'latest'), join(outDir, 'latest.old-mabc123-a1b2c3'));
    await mkdir(join(outDir, '.staging-latest-mabc124-d4e5f6'));
    await writeFile(join(outDir, '.staging-latest-mabc124-d4e5f6', 'model.json'), '{"trunc');
    await mkdir(join(outDir, '.staging-best-mabc124-d4e5f6.saving-mabc125-aaaaaa'));
    await mkdir(join(outDir, 'best.saving-mabc125-bbbbbb'));

    const starts: { recovered?: string[] }[] = [];
    const resumed = await train({ ...tiny, epochs: 1, outDir, resume: true, callbacks: { onStart: (info) => starts.push(info) } });
    resumed.model.dispose();
    expect((await readdir(outDir)).sort()).toEqual(['best', 'latest']);
    expect(await readFile(join(outDir, 'best', 'weights.bin'))).toEqual(bestWeights);
    expect(starts[0]!.recovered).toEqual(
      expect.arrayContaining(['restored latest from latest.old-mabc123-a1b2c3', 'restored best from best.old-mabc123-x1y2z3']),
    );
  });

  it('keeps the newer checkpoint when a crash left both it and an old copy', { timeout: 60_000 }, async () => {
    (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
    // An old copy beside a whole `latest`: the crash came after the second rename.
    await mkdir(join(outDir, 'latest.old-mabc123-a1b2c3'));
    await writeFile(join(outDir, 'latest.old-mabc123-a1b2c3', 'trainer-state.json'), '{}');
    const resumed = await train({ ...tiny, epochs: 2, outDir, resume: true });
    resumed.model.dispose();
    expect(resumed.history).toHaveLength(2);
    expect((await readdir(outDir)).sort()).toEqual(['best', 'latest']);
  });
});

describe('a new run into an outDir that holds one', () => {
  it('is refused unless told to overwrite it', { timeout: 60_000 }, async () => {
    (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
    const before = await readFile(join(outDir, 'best', 'weights.bin'));
    const attempt = train({ ...tiny, epochs: 1, outDir, seed: 2 });
    await expect(attempt).rejects.toBeInstanceOf(RunExistsError);
    await expect(attempt).rejects.toMatchObject({ code: 'RUN_EXISTS' });
    await expect(attempt).rejects.toThrow(/already holds a training run .*resume: true .*overwrite: true/);
    expect(await readFile(join(outDir, 'best', 'weights.bin'))).toEqual(before);

    const replaced = await train({ ...tiny, epochs: 1, outDir, seed: 2, overwrite: true });
    const best = await loadModel(join(outDir, 'best'));
    expect(best.metadata.training).toMatchObject({ seed: 2 });
    expect(await weightsOf(best.model)).toEqual(await weightsOf(replaced.model));
    for (const each of [best.model, replaced.model]) each.dispose();
    await expect(train({ ...tiny, outDir, resume: true, overwrite: true })).rejects.toThrow(/resume and overwrite contradict/);
  });

  it('is let into an outDir that exists but holds no run', { timeout: 60_000 }, async () => {
    await writeFile(join(outDir, 'notes.txt'), 'mine');
    (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
    expect((await readdir(outDir)).sort()).toEqual(['best', 'latest', 'notes.txt']);
  });
});

describe('reading a checkpoint', () => {
  async function damage(edit: (state: Record<string, unknown>) => void): Promise<void> {
    const file = join(outDir, 'latest', 'trainer-state.json');
    const state = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    edit(state);
    await writeFile(file, JSON.stringify(state));
  }

  it('validates trainer-state.json against its schema', { timeout: 60_000 }, async () => {
    (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
    const cases: [string, (state: Record<string, unknown>) => void, RegExp][] = [
      ['no optimizer', (state) => delete state.optimizer, /optimizer must be an object, got nothing \(the field is missing\)/],
      ['a string epoch', (state) => (state.epoch = '1'), /epoch must be an integer from 0 to \d+, got "1"/],
      ['a broken stream', (state) => (state.stream = { batches: 4, random: { a: 1 } }), /stream\.random\.b must be an integer/],
      ['an optimizer file elsewhere', (state) => ((state.optimizer as Record<string, unknown>).file = '../x.bin'), /optimizer\.file must be "optimizer\.bin", got "\.\.\/x\.bin"/],
      ['bad options', (state) => ((state.options as Record<string, unknown>).batchSize = 0), /holds options that are not valid: batchSize must be an integer from 1 to 65536, got 0/],
      ['not an object', (state) => Object.assign(state, { history: 'none' }), /history must be an array, got "none"/],
    ];
    const pristine = await readFile(join(outDir, 'latest', 'trainer-state.json'), 'utf8');
    for (const [what, edit, message] of cases) {
      await writeFile(join(outDir, 'latest', 'trainer-state.json'), pristine);
      await damage(edit);
      const attempt = train({ outDir, resume: true });
      await expect(attempt, what).rejects.toBeInstanceOf(CheckpointError);
      await expect(attempt, what).rejects.toThrow(message);
    }
  });

  it('refuses a checkpoint whose loss differs or was not recorded', { timeout: 60_000 }, async () => {
    (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
    expect(JSON.parse(await readFile(join(outDir, 'latest', 'trainer-state.json'), 'utf8'))).toMatchObject({ loss: 'cross-entropy' });
    await damage((state) => (state.loss = 'clipped-cross-entropy'));
    await expect(train({ outDir, resume: true, epochs: 2 })).rejects.toThrow(
      /its training steps minimised the loss "clipped-cross-entropy", this version minimises "cross-entropy" .*cannot switch losses/,
    );
    await damage((state) => delete state.loss);
    await expect(train({ outDir, resume: true, epochs: 2 })).rejects.toThrow(/a loss it did not record/);
  });

  it('reads trainer-state.json and optimizer.bin only as regular files of bounded size', { timeout: 60_000 }, async () => {
    (await train({ ...tiny, epochs: 1, outDir })).model.dispose();
    const latest = join(outDir, 'latest');
    const optimizer = await readFile(join(latest, 'optimizer.bin'));

    await writeFile(join(latest, 'optimizer.bin'), Buffer.concat([optimizer, Buffer.alloc(4)]));
    await expect(train({ outDir, resume: true, epochs: 2 })).rejects.toThrow(
      new RegExp(`optimizer\\.bin holds ${optimizer.length + 4} bytes, more than the ${optimizer.length} allowed`),
    );

    await rm(join(latest, 'optimizer.bin'));
    await writeFile(join(outDir, 'elsewhere.bin'), optimizer);
    await symlink(join(outDir, 'elsewhere.bin'), join(latest, 'optimizer.bin'));
    await expect(train({ outDir, resume: true, epochs: 2 })).rejects.toThrow(/optimizer\.bin is a symbolic link, not a regular file/);

    await rm(join(latest, 'optimizer.bin'));
    await writeFile(join(latest, 'optimizer.bin'), optimizer);
    const state = await readFile(join(latest, 'trainer-state.json'));
    await rm(join(latest, 'trainer-state.json'));
    await mkdir(join(latest, 'trainer-state.json'));
    await expect(train({ outDir, resume: true, epochs: 2 })).rejects.toThrow(/trainer-state\.json is a directory, not a regular file/);
    await rm(join(latest, 'trainer-state.json'), { recursive: true });
    await writeFile(join(latest, 'trainer-state.json'), state);
    (await train({ outDir, resume: true, epochs: 2 })).model.dispose();
  });
});
