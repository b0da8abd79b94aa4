import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { loadModel } from '@addrnn/model';
import { UnreadableFileError } from '@addrnn/model/internal';
import { describe, expect, it } from 'vitest';
import type { TrainerState } from './checkpoint.js';
import type { CheckpointName, CheckpointStore } from './checkpoint-store.js';
import { CheckpointError, RunExistsError } from './errors.js';
import type { TrainOptions } from './options.js';
import { train } from './train.js';

const tiny: TrainOptions = {
  preset: 'keras',
  task: { digits: 1 },
  model: { hiddenSize: 16 },
  batchSize: 16,
  epochs: 4,
  examplesPerEpoch: 64,
  learningRate: 0.01,
  learningRateFinal: 0.001,
  decayExamples: 256,
  validationSize: 20,
  backend: 'cpu',
  // Bit-identical results need the same thread count in every run.
  threads: 1,
};

/**
 * A store that keeps a run in memory, as a Map from `latest/model.json` and the like to the
 * files' bytes: the model is laid out as the Node.js store lays it out on disk (model.json with
 * a manifest naming weights.bin). `write` fills a fresh map and swaps it in, so a checkpoint is
 * replaced as one unit.
 */
class MemoryCheckpointStore implements CheckpointStore {
  readonly files = new Map<string, Uint8Array>();
  created = false;

  describe(name?: CheckpointName, file?: string): string {
    return ['memory:run', ...(name === undefined ? [] : [name]), ...(file === undefined ? [] : [file])].join('/');
  }

  async recover(): Promise<string[]> {
    return [];
  }

  async exists(): Promise<boolean> {
    return this.created;
  }

  async list(): Promise<CheckpointName[]> {
    return (['latest', 'best'] as const).filter((name) => this.files.has(`${name}/model.json`));
  }

  async create(): Promise<void> {
    this.created = true;
  }

  async write(name: CheckpointName, contents: Parameters<CheckpointStore['write']>[1]): Promise<void> {
    const { weightData, weightSpecs, ...rest } = contents.model;
    const staged = new Map<string, Uint8Array>();
    const manifest = [{ paths: ['weights.bin'], weights: weightSpecs ?? [] }];
    const { modelTopology, format, generatedBy, convertedBy, userDefinedMetadata } = rest;
    staged.set('model.json', encode(JSON.stringify({ modelTopology, format, generatedBy, convertedBy, userDefinedMetadata, weightsManifest: manifest })));
    const buffers = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
    staged.set('weights.bin', new Uint8Array(tf.io.concatenateArrayBuffers(buffers)));
    for (const [file, data] of contents.files) staged.set(file, typeof data === 'string' ? encode(data) : data.slice());
    await this.remove([name]);
    for (const [file, data] of staged) this.files.set(`${name}/${file}`, data);
  }

  async read(name: CheckpointName, file: string, maxBytes: number): Promise<Uint8Array | undefined> {
    const bytes = this.files.get(`${name}/${file}`);
    if (bytes !== undefined && bytes.byteLength > maxBytes) {
      throw new UnreadableFileError(this.describe(name, file), `is larger than ${maxBytes} bytes`);
    }
    return bytes?.slice();
  }

  modelSource(name: CheckpointName): tf.io.IOHandler {
    return {
      load: async () => {
        const json = JSON.parse(new TextDecoder().decode(this.files.get(`${name}/model.json`))) as tf.io.ModelJSON;
        const weights = this.files.get(`${name}/weights.bin`)!.slice();
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest.flatMap((group) => group.weights), weights.buffer]);
      },
    };
  }

  async remove(names: readonly CheckpointName[]): Promise<void> {
    for (const key of [...this.files.keys()]) if (names.some((name) => key.startsWith(`${name}/`))) this.files.delete(key);
  }

  state(): TrainerState {
    return JSON.parse(new TextDecoder().decode(this.files.get('latest/trainer-state.json'))) as TrainerState;
  }
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The weights' bytes: equal bytes are bit-identical weights. */
async function weightsOf(model: tf.LayersModel): Promise<Uint8Array[]> {
  return Promise.all(
    model.getWeights().map(async (weight) => {
      const values = (await weight.data()) as Float32Array;
      return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    }),
  );
}

describe('train with a checkpointStore', () => {
  it('saves latest and best into the store, and a resume from it ends bit-identical to an uninterrupted run', { timeout: 60_000 }, async () => {
    const straight = await train({ ...tiny });
    const straightWeights = await weightsOf(straight.model);
    straight.model.dispose();

    const store = new MemoryCheckpointStore();
    const first = await train({ ...tiny, epochs: 2, checkpointStore: store });
    const firstWeights = await weightsOf(first.model);
    first.model.dispose();
    expect([...store.files.keys()].sort()).toEqual([
      'best/model.json',
      'best/weights.bin',
      'latest/model.json',
      'latest/optimizer.bin',
      'latest/trainer-state.json',
      'latest/weights.bin',
    ]);
    expect(store.state()).toMatchObject({ epoch: 2, batchInEpoch: 0, examplesSeen: 128, stream: { batches: 8 } });
    // The model in the store is the model the run returned.
    const latest = await loadModel(store.modelSource('latest'));
    expect(await weightsOf(latest.model)).toEqual(firstWeights);
    expect(latest.metadata.training).toMatchObject({ epochs: 2, examplesSeen: 128 });
    latest.model.dispose();

    let resumedFrom: number | undefined;
    const resumed = await train({
      epochs: 4,
      threads: 1,
      checkpointStore: store,
      resume: true,
      callbacks: { onStart: (info) => (resumedFrom = info.resumedFrom) },
    });
    expect(resumedFrom).toBe(2);
    expect(resumed.history).toHaveLength(4);
    expect(await weightsOf(resumed.model)).toEqual(straightWeights);
    resumed.model.dispose();
    expect(store.state()).toMatchObject({ epoch: 4, examplesSeen: 256, stream: { batches: 16 } });
  });

  it('refuses a new run over a store that holds one, and a resume of a store that holds none', async () => {
    const empty = new MemoryCheckpointStore();
    await expect(train({ ...tiny, checkpointStore: empty, resume: true })).rejects.toThrow(
      /^cannot resume: memory:run does not exist; train without resume/,
    );
    await empty.create();
    const attempt = train({ ...tiny, checkpointStore: empty, resume: true });
    await expect(attempt).rejects.toBeInstanceOf(CheckpointError);
    await expect(attempt).rejects.toThrow(/^cannot resume: memory:run\/latest holds no checkpoint/);

    const held = new MemoryCheckpointStore();
    (await train({ ...tiny, epochs: 1, checkpointStore: held })).model.dispose();
    await expect(train({ ...tiny, epochs: 1, checkpointStore: held })).rejects.toBeInstanceOf(RunExistsError);
    (await train({ ...tiny, epochs: 1, checkpointStore: held, overwrite: true })).model.dispose();
    expect(held.state()).toMatchObject({ epoch: 1 });
  });

  it('refuses a checkpointStore that is not one, or given with outDir or fileSystem', async () => {
    const { write: _write, ...withoutWrite } = Object.fromEntries(
      Object.getOwnPropertyNames(MemoryCheckpointStore.prototype).map((method) => [method, () => undefined]),
    );
    for (const [store, got] of [
      [null, 'got null'],
      ['memory', 'got "memory"'],
      [withoutWrite, 'got an object without write'],
    ] as const) {
      const attempt = train({ ...tiny, checkpointStore: store as unknown as CheckpointStore });
      await expect(attempt).rejects.toBeInstanceOf(InvalidOptionError);
      await expect(attempt).rejects.toMatchObject({ code: 'INVALID_OPTION' });
      await expect(attempt).rejects.toThrow(`checkpointStore must be a CheckpointStore, an object with the methods describe, recover, exists, list, create, write, read, modelSource, remove; ${got}`);
    }
    const store = new MemoryCheckpointStore();
    await expect(train({ ...tiny, checkpointStore: store, outDir: 'runs/a' })).rejects.toThrow(
      'checkpointStore and outDir ("runs/a") name two places for one run\'s checkpoints; give one of them',
    );
    const fileSystem = {} as TrainOptions['fileSystem'];
    await expect(train({ ...tiny, checkpointStore: store, ...(fileSystem ? { fileSystem } : {}) })).rejects.toThrow(
      /^fileSystem applies only to the checkpoints of outDir/,
    );
    // Nothing was touched: the options are checked before the store is.
    expect(store.created).toBe(false);
  });
});
