import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdder } from './adder.js';
import { useBackend } from './backend.js';
import { createModel } from './create-model.js';
import { CorruptModelError, IncompatibleModelError } from './errors.js';
import { getMetadata } from './metadata.js';
import { InvalidArgumentError, InvalidQuestionError } from '@addrnn/codec';
import { Adder } from './adder.js';
import { ArithmeticDataset } from '@addrnn/dataset';
import { fileSystemIO } from './file-system-io.js';
import { loadModel, saveModel } from './save-load.js';

let root = '';
const questions = ['1+2', '9+9', '0+0', '35+61'];

beforeAll(async () => {
  await useBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'addrnn-model-'));
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function savedModel(name: string): Promise<string> {
  const model = createModel({ codec: { digits: 2 }, hiddenSize: 8, seed: 5 });
  const directory = join(root, name);
  await saveModel(model, directory, { training: { seed: 5, note: 'test' } });
  model.dispose();
  return directory;
}

describe('saveModel and loadModel', () => {
  it('round-trip weights, predictions and metadata through a directory', async () => {
    const model = createModel({ codec: { digits: 2 }, hiddenSize: 8, seed: 5 });
    const directory = join(root, 'round-trip');
    await saveModel(model, directory, { training: { command: 'test', examplesSeen: 10 } });
    expect((await readdir(directory)).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadModel(directory);
    expect(loaded.metadata.training).toEqual({ command: 'test', examplesSeen: 10 });
    expect(loaded.codec.digits).toBe(2);
    const input = tf.tensor3d(loaded.codec.oneHotQuestions(questions), [4, 5, 12]);
    const before = (model.predict(input) as tf.Tensor).dataSync();
    const after = (loaded.model.predict(input) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    // Plain tfjs reads the same directory: the format is stock tfjs-layers.
    const plain = await tf.loadLayersModel(fileSystemIO(directory));
    expect(Array.from((plain.predict(input) as tf.Tensor).dataSync())).toEqual(Array.from(before));
    tf.dispose([input, model, loaded.model, plain] as never);
  }, 60_000);

  it('replaces an existing model atomically and leaves no temporary directories', async () => {
    const directory = await savedModel('replace');
    const model = createModel({ codec: { digits: 2 }, hiddenSize: 8, seed: 6 });
    await saveModel(model, directory);
    expect((await readdir(root)).filter((name) => name.startsWith('replace'))).toEqual(['replace']);
    const loaded = await loadModel(directory);
    expect(Array.from(loaded.model.getWeights()[0]!.dataSync())).toEqual(Array.from(model.getWeights()[0]!.dataSync()));
    model.dispose();
    loaded.model.dispose();
  }, 60_000);

  it('refuses a missing, damaged, truncated or mismatched model with a clear error', async () => {
    await expect(loadModel(join(root, 'nothing-here'))).rejects.toThrow(CorruptModelError);
    await expect(loadModel(join(root, 'nothing-here'))).rejects.toThrow(/no model at ".*nothing-here": model.json is missing/);

    const broken = await savedModel('broken-json');
    await writeFile(join(broken, 'model.json'), '{"modelTopology": {');
    await expect(loadModel(broken)).rejects.toThrow(/model.json" is not valid JSON .*damaged or truncated/);

    const truncated = await savedModel('truncated');
    await truncate(join(truncated, 'weights.bin'), 100);
    await expect(loadModel(truncated)).rejects.toThrow(CorruptModelError);
    await expect(loadModel(truncated)).rejects.toThrow(/have 100 bytes but model.json describes \d+; the weights file is truncated/);

    const edit = async (name: string, change: (json: Record<string, any>) => void) => {
      const directory = await savedModel(name);
      const json = JSON.parse(await readFile(join(directory, 'model.json'), 'utf8'));
      change(json);
      await writeFile(join(directory, 'model.json'), JSON.stringify(json));
      return directory;
    };
    const noMetadata = await edit('no-metadata', (json) => delete json.userDefinedMetadata);
    await expect(loadModel(noMetadata)).rejects.toThrow(IncompatibleModelError);
    await expect(loadModel(noMetadata)).rejects.toThrow(/has no addrnn metadata/);
    const future = await edit('future', (json) => (json.userDefinedMetadata.formatVersion = 2));
    await expect(loadModel(future)).rejects.toThrow(/has metadata formatVersion 2, this version of @addrnn\/model reads 1/);
    const vocabulary = await edit('vocabulary', (json) => (json.userDefinedMetadata.codec.vocabulary = [...'0123456789+ ']));
    await expect(loadModel(vocabulary)).rejects.toThrow(/has an unusable codec in its metadata/);
    const task = await edit('task', (json) => (json.userDefinedMetadata.codec.digits = 3));
    await expect(loadModel(task)).rejects.toThrow(/maps \[null,5,12\] to \[null,3,12\], but its codec needs \[null,7,12\] to \[null,4,12\]/);
  }, 60_000);
  it('refuses a missing weights file, a JSON that is not a layers model, and foreign models from any source', async () => {
    const noWeights = await savedModel('no-weights');
    await rm(join(noWeights, 'weights.bin'));
    await expect(loadModel(noWeights)).rejects.toThrow(CorruptModelError);
    await expect(loadModel(noWeights)).rejects.toThrow(/weights.bin" named in model.json cannot be read: ENOENT/);

    const notLayers = join(root, 'not-layers');
    await saveModel(createModel({ codec: { digits: 1 }, hiddenSize: 2 }), notLayers);
    await writeFile(join(notLayers, 'model.json'), JSON.stringify({ hello: 'world' }));
    await expect(loadModel(notLayers)).rejects.toThrow(/model.json" is not a tfjs layers model: modelTopology or weightsManifest is missing/);

    // A stock tfjs model without addrnn metadata, through an IO handler rather than a path.
    const plain = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    expect(() => getMetadata(plain)).toThrow(IncompatibleModelError);
    expect(() => getMetadata(plain)).toThrow(/has no addrnn metadata/);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await plain.save(tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved) };
    }));
    const before = tf.memory().numTensors;
    await expect(loadModel(tf.io.fromMemory(artifacts!))).rejects.toThrow('the given model source has no addrnn metadata');
    expect(tf.memory().numTensors).toBe(before); // the refused model is disposed
    await expect(loadAdder(tf.io.fromMemory(artifacts!))).rejects.toThrow(IncompatibleModelError);
    plain.dispose();
  }, 60_000);

  it('checks the model against its metadata task through an IO handler too', async () => {
    const model = createModel({ codec: { digits: 2 }, hiddenSize: 4 });
    model.setUserDefinedMetadata({ ...getMetadata(model), codec: { ...getMetadata(model).codec, operators: ['*'] } } as never);
    const directory = join(root, 'wrong-operator');
    await model.save(fileSystemIO(directory));
    model.dispose();
    await expect(loadModel(fileSystemIO(directory))).rejects.toThrow(IncompatibleModelError);
    await expect(loadModel(fileSystemIO(directory))).rejects.toThrow(/the given model source has an unusable codec in its metadata: .*vocabulary/i);
  }, 60_000);
});

describe('loadModel on metadata that does not match the model', () => {
  it('refuses an architecture with bad fields or one that differs from the layers', async () => {
    const edit = async (name: string, change: (architecture: Record<string, unknown>, json: Record<string, any>) => void) => {
      const directory = await savedModel(name);
      const json = JSON.parse(await readFile(join(directory, 'model.json'), 'utf8'));
      change(json.userDefinedMetadata.architecture, json);
      await writeFile(join(directory, 'model.json'), JSON.stringify(json));
      return directory;
    };
    const fields = await edit('architecture-fields', (architecture) => {
      architecture.cell = 'transformer';
      architecture.hiddenSize = '8';
      architecture.dropout = 2;
      architecture.implementation = 'fast';
    });
    await expect(loadModel(fields)).rejects.toThrow(IncompatibleModelError);
    await expect(loadModel(fields)).rejects.toThrow(
      'has an invalid architecture in its metadata: cell "transformer" (expected lstm, gru or simpleRNN), hiddenSize "8" (expected an integer from 1 to 4096), dropout 2 (expected a number from 0 to below 1), implementation "fast" (expected one of "kernel", "fused", "layers")',
    );
    const gru = await edit('architecture-gru', (architecture) => (architecture.cell = 'gru'));
    await expect(loadModel(gru)).rejects.toThrow('has recurrent layers LSTM(8), LSTM(8), but its metadata describes 2 GRU layers of 8 units');
    const wider = await edit('architecture-units', (architecture) => (architecture.hiddenSize = 16));
    await expect(loadModel(wider)).rejects.toThrow('but its metadata describes 2 LSTM layers of 16 units');
    const deeper = await edit('architecture-layers', (architecture) => (architecture.encoderLayers = 2));
    await expect(loadModel(deeper)).rejects.toThrow('but its metadata describes 3 LSTM layers of 8 units');
    const training = await edit('training-string', (_architecture, json) => (json.userDefinedMetadata.training = 'yesterday'));
    await expect(loadModel(training)).rejects.toThrow('has metadata training "yesterday"; expected an object');
    const before = tf.memory().numTensors;
    await expect(loadModel(gru)).rejects.toThrow(IncompatibleModelError);
    expect(tf.memory().numTensors).toBe(before); // the refused model is disposed
  }, 60_000);
});

describe('loadAdder', () => {
  it('answers questions as strings, in batches, with per-character confidence', async () => {
    const adder = await loadAdder(await savedModel('adder'));
    const answer = adder.predict('35+61');
    expect(typeof answer).toBe('string');
    expect(adder.predictBatch(questions)).toEqual(questions.map((question) => adder.predict(question)));
    const detailed = adder.predictWithConfidence('35+61');
    expect(detailed.answer).toBe(answer);
    expect(detailed.positions).toHaveLength(3);
    for (const position of detailed.positions) {
      expect(position.probability).toBeGreaterThan(0);
      expect(position.probability).toBeLessThanOrEqual(1);
    }
    expect(adder.predictBatch([])).toEqual([]);
    adder.dispose();
  }, 60_000);

  it('throws the codec errors for invalid questions, before running the model', async () => {
    const adder = await loadAdder(await savedModel('adder-errors'));
    expect(() => adder.predict('5a+1')).toThrow(/unexpected character "a" at position 1/);
    expect(() => adder.predict('123+1')).toThrow(/123/);
    expect(() => adder.predictBatch(['1+1', '1++1'])).toThrow(/questions\[1\]/);
    expect(() => adder.predictBatch(['1+1', '1++1'])).toThrow(InvalidQuestionError);
    expect(() => adder.predictWithConfidence('')).toThrow(InvalidQuestionError);
    adder.dispose();
  }, 60_000);

  it('does not leak tensors while predicting', async () => {
    const adder = await loadAdder(await savedModel('adder-leaks'));
    adder.predictBatch(questions);
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 10; i += 1) adder.predictBatch(questions);
    expect(tf.memory().numTensors).toBe(tensors);
    adder.dispose();
  }, 60_000);

  it('loads the pretrained 5-digit adder shipped in the package with no argument', async () => {
    const adder = await loadAdder();
    expect(adder.codec.digits).toBe(5);
    expect(adder.metadata.architecture).toMatchObject({ cell: 'lstm', hiddenSize: 128 });
    expect(adder.model.countParams()).toBe(205_324);
    expect(adder.predict('535+61')).toBe('596');
    adder.dispose();
  }, 60_000);

  it('the shipped adder answers held-out questions and every hard case right (MODEL_CARD.md)', async () => {
    const adder = await loadAdder();
    // The test split of the dataset seed it was trained with: never seen in training.
    const dataset = new ArithmeticDataset({ codec: adder.codec, seed: 1 });
    const test = dataset.testSet(2_000);
    const answers = adder.predictBatch(test.map((example) => example.question));
    const right = answers.filter((answer, i) => answer === test[i]!.answer).length;
    // MODEL_CARD.md: >= 99.9% on 10,000 questions (addrnn eval); a 2,000-question sample may miss 4.
    expect(right / test.length).toBeGreaterThanOrEqual(0.998);
    const hard = dataset.hardCases().filter((example) => example.question.includes('+'));
    const hardAnswers = adder.predictBatch(hard.map((example) => example.question));
    const wrongHard = hard.filter((example, i) => hardAnswers[i] !== example.answer).map((example) => example.question);
    expect(wrongHard).toEqual([]);
    adder.dispose();
  }, 60_000);
});

describe('argument validation', () => {
  it('loadModel and loadAdder refuse a source that is neither a path, a URL nor an IO handler', async () => {
    const message = 'source must be a model directory (Node), a URL of model.json or a tfjs IO handler with a load() method, got ';
    for (const [source, shown] of [[123, '123'], ['', '""'], [{}, '{}'], [null, 'null'], [{ load: 'no' }, '{"load":"no"}']] as const) {
      await expect(loadModel(source as never)).rejects.toThrow(InvalidArgumentError);
      await expect(loadModel(source as never)).rejects.toThrow(message + shown);
    }
    await expect(loadModel(undefined as never)).rejects.toThrow(message + 'undefined');
    await expect(loadAdder(123 as never)).rejects.toThrow(InvalidArgumentError);
  }, 60_000);

  it('saveModel refuses a missing model, a bad directory and bad options, and writes nothing', async () => {
    const model = createModel({ codec: { digits: 1 }, hiddenSize: 2 });
    const directory = join(root, 'never-written');
    await expect(saveModel(undefined as never, directory)).rejects.toThrow(InvalidArgumentError);
    await expect(saveModel({} as never, directory)).rejects.toThrow('model must be a tfjs LayersModel (from createModel or loadModel), got {}');
    await expect(saveModel(model, 42 as never)).rejects.toThrow('directory must be a non-empty string (a directory path) without NUL characters, got 42');
    await expect(saveModel(model, directory, null as never)).rejects.toThrow('options must be an object ({ training }), got null');
    await expect(saveModel(model, directory, { training: 'yesterday' as never })).rejects.toThrow(
      'options.training must be a plain object of JSON values, got "yesterday"',
    );
    expect((await readdir(root)).filter((name) => name.startsWith('never-written'))).toEqual([]);
    expect(() => getMetadata(undefined as never)).toThrow(InvalidArgumentError);
    expect(() => getMetadata('model' as never)).toThrow('model must be a tfjs LayersModel (from createModel or loadModel), got "model"');
    model.dispose();
  }, 60_000);

  it('Adder refuses non-array batches and a missing model with coded errors, not TypeErrors', async () => {
    const adder = await loadAdder(await savedModel('adder-arguments'));
    const tensors = tf.memory().numTensors;
    for (const value of [undefined, null, '1+2', 12, { length: 1, 0: '1+2' }]) {
      expect(() => adder.predictBatch(value as never)).toThrow(InvalidQuestionError);
      expect(() => adder.predictBatchWithConfidence(value as never)).toThrow(/^questions must be an array of strings, got /);
    }
    expect(() => adder.predictBatch(undefined as never)).toThrow('questions must be an array of strings, got undefined');
    expect(() => adder.predict(undefined as never)).toThrow(InvalidQuestionError);
    expect(() => adder.predict(7 as never)).toThrow('question must be a string like "535+61", got 7');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(() => new Adder(undefined as never)).toThrow(InvalidArgumentError);
    expect(() => new Adder({ model: adder.model } as never)).toThrow(/^new Adder\(loaded\) needs \{ model, codec, metadata \} as loadModel returns it, got /);
    adder.dispose();
  }, 60_000);

  it('loadModel refuses a downloaded model that names weights beside its directory', async () => {
    // The repro: model.json names "../outside.bin", a file of exactly the right size.
    const directory = await savedModel('downloaded');
    await writeFile(join(root, 'outside.bin'), await readFile(join(directory, 'weights.bin')));
    const json = JSON.parse(await readFile(join(directory, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['../outside.bin'];
    await writeFile(join(directory, 'model.json'), JSON.stringify(json));
    await expect(loadModel(directory)).rejects.toThrow(CorruptModelError);
    await expect(loadAdder(directory)).rejects.toThrow(/names weights file "..\/outside.bin" at weightsManifest\[0\].paths\[0\]; a weights path must be a plain file name/);
  }, 60_000);
});
