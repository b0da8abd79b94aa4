import * as tf from '@tensorflow/tfjs';
import { AddrnnError, InvalidArgumentError } from '@addrnn/codec';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { createModel } from './create-model.js';
import { IncompatibleModelError } from './errors.js';
import { modelJson as pretrainedJson } from './pretrained/addition-5-digit.js';
import { loadPretrained } from './pretrained/load-pretrained.js';
import { loadModel, saveModel } from './save-load.js';
import { recordedAccuracy, type TrainingRecord } from './training-record.js';

let root = '';
beforeAll(async () => {
  await useBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'addrnn-record-'));
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What `@addrnn/trainer` writes today (the shape of a `best/model.json` from a run with targets). */
const trainerRecord = {
  command: 'train',
  date: '2026-11-29T08:05:52.020Z',
  backend: 'wasm',
  seed: 1,
  epochs: 8,
  examplesSeen: 4_000_000,
  accuracy: 0.9974,
  targets: [{ accuracy: 0.97, exactMatch: 0.9811, examplesSeen: 2_000_000, elapsedSeconds: 700.9, validationSize: 10_000 }],
  options: { task: {}, model: {}, batchSize: 32, epochs: 8, seed: 1 },
} satisfies TrainingRecord;

/** A saved model whose model.json carries `training` exactly as given (written past saveModel's checks). */
async function savedWith(name: string, training: unknown): Promise<string> {
  const model = createModel({ codec: { digits: 1 }, hiddenSize: 4, seed: 3 });
  const directory = join(root, name);
  await saveModel(model, directory);
  model.dispose();
  const file = join(directory, 'model.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as { userDefinedMetadata: Record<string, unknown> };
  json.userDefinedMetadata['training'] = training;
  await writeFile(file, JSON.stringify(json));
  return directory;
}

async function loadError(directory: string): Promise<Error> {
  const before = tf.memory().numTensors;
  const error = await loadModel(directory).then(
    () => new Error('loaded'),
    (thrown: unknown) => thrown as Error,
  );
  expect(tf.memory().numTensors).toBe(before);
  return error;
}

describe('the training record', () => {
  it('loads the shipped model, whose record gives its validation accuracy', async () => {
    const shipped = (pretrainedJson as unknown as { userDefinedMetadata: { training: { accuracy: unknown } } }).userDefinedMetadata.training;
    expect(typeof shipped.accuracy).toBe('number');
    const { model, metadata } = await loadModel(await loadPretrained());
    expect(recordedAccuracy(metadata)).toBe(shipped.accuracy);
    expect(metadata.training?.epochs).toBeGreaterThan(0);
    model.dispose();
  }, 60_000);

  it("round-trips the trainer's record through saveModel and loadModel, unknown fields kept", async () => {
    const model = createModel({ codec: { digits: 1 }, hiddenSize: 4, seed: 3 });
    const directory = join(root, 'round-trip');
    const record = { ...trainerRecord, note: 'kept', extra: { nested: [1, 2] } };
    await saveModel(model, directory, { training: record });
    model.dispose();
    const loaded = await loadModel(directory);
    expect(loaded.metadata.training).toEqual(record);
    expect(recordedAccuracy(loaded.metadata)).toBe(0.9974);
    loaded.model.dispose();
  }, 60_000);

  it('accepts older shapes: no accuracy yet (null), validation metrics instead of accuracy, no targets', async () => {
    for (const [name, training, accuracy] of [
      ['null-accuracy', { command: 'train', epochs: 0, examplesSeen: 0, accuracy: null }, undefined],
      ['validation-shape', { command: 'train', validation: { exactMatch: 0.75, loss: 0.3, charAccuracy: 0.9 } }, 0.75],
      ['free-form', { seed: 5, note: 'test' }, undefined],
    ] as const) {
      const loaded = await loadModel(await savedWith(name, training));
      expect(loaded.metadata.training).toEqual(training);
      expect(recordedAccuracy(loaded.metadata)).toBe(accuracy);
      loaded.model.dispose();
    }
  }, 60_000);

  it('refuses a record with a field of the wrong type with a coded error that names the field', async () => {
    const cases: [string, unknown, string][] = [
      ['examples', { ...trainerRecord, examplesSeen: 'many' }, 'training.examplesSeen "many" (expected a non-negative integer)'],
      ['accuracy', { ...trainerRecord, accuracy: 97 }, 'training.accuracy 97 (expected a number from 0 to 1, or null)'],
      ['epochs', { ...trainerRecord, epochs: -1 }, 'training.epochs -1 (expected a non-negative integer)'],
      ['targets', { ...trainerRecord, targets: [{ accuracy: 0.97 }] }, 'training.targets[0]'],
      ['targets-object', { ...trainerRecord, targets: {} }, 'training.targets {} (expected an array)'],
      ['options', { ...trainerRecord, options: 'fast' }, 'training.options "fast" (expected an object)'],
      ['validation', { validation: { exactMatch: '75%' } }, 'training.validation'],
      ['loss', { ...trainerRecord, loss: 3 }, 'training.loss 3 (expected a string)'],
    ];
    for (const [name, training, field] of cases) {
      const error = await loadError(await savedWith(`bad-${name}`, training));
      expect(IncompatibleModelError.isInstance(error), `${name}: ${error.message}`).toBe(true);
      expect((error as AddrnnError).code).toBe('INCOMPATIBLE_MODEL');
      expect(error.message).toContain('has an invalid training record: ');
      expect(error.message).toContain(field);
    }
  }, 120_000);

  it('refuses to save a record that could not be loaded back', async () => {
    const model = createModel({ codec: { digits: 1 }, hiddenSize: 4, seed: 3 });
    const save = saveModel(model, join(root, 'never'), { training: { ...trainerRecord, examplesSeen: 1.5 } });
    await expect(save).rejects.toThrow(InvalidArgumentError);
    await expect(save).rejects.toThrow('options.training has an invalid training record: training.examplesSeen 1.5 (expected a non-negative integer)');
    model.dispose();
  }, 60_000);

  it('recordedAccuracy reads either shape, prefers accuracy, and ignores what is not a share', () => {
    expect(recordedAccuracy(undefined)).toBeUndefined();
    expect(recordedAccuracy({})).toBeUndefined();
    expect(recordedAccuracy({ training: { accuracy: 1 } })).toBe(1);
    expect(recordedAccuracy({ training: { accuracy: 0 } })).toBe(0);
    expect(recordedAccuracy({ training: { accuracy: 0.5, validation: { exactMatch: 0.25 } } })).toBe(0.5);
    expect(recordedAccuracy({ training: { accuracy: null, validation: { exactMatch: 0.25 } } })).toBe(0.25);
    expect(recordedAccuracy({ training: { accuracy: Number.NaN } })).toBeUndefined();
    expect(recordedAccuracy({ training: { validation: { exactMatch: 2 } } })).toBeUndefined();
  });
});
