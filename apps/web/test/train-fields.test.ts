// The Train form's fields in Node: each field starts at its preset's value for every preset the
// trainer exports, a form left alone trains the preset as `addrnn train --preset NAME` does, and
// every option of the CLI's `train` has a field.
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '@addrnn/model';
import { resolveTrainOptions, TRAIN_PRESETS, type PresetName } from '@addrnn/trainer';
import { beforeAll, describe, expect, it } from 'vitest';
import { NUMBER_FLAGS, SWITCHABLE_FLAGS, WORD_FLAGS } from '../../cli/src/commands/train-option-flags.js';
import { presetDefaults, presetNames } from '../src/preset-defaults.js';
import { changedOptions, parseField, rawOf } from '../src/train-field-values.js';
import { trainFields, type FieldSpec, type FieldValue } from '../src/train-fields.js';
import { expectedValues } from './preset-expectations.js';
import type { TrainFlags } from '../src/worker-protocol.js';

const fields = trainFields(2);
const field = (name: string): FieldSpec => fields.find((spec) => spec.name === name)!;

describe('Train form fields', () => {
  // createModel's orthogonal initialiser of 128 units takes minutes on tfjs's cpu backend, seconds on wasm.
  beforeAll(() => useBackend('wasm'), 60_000);

  it('offers every preset of the trainer, in its order', () => {
    expect(presetNames()).toEqual(Object.keys(TRAIN_PRESETS));
    expect(presetNames()).toEqual(expect.arrayContaining(['default', 'keras', 'aligned']));
  });

  it.each(Object.keys(TRAIN_PRESETS) as PresetName[])("starts every field at the %s preset's value", (name) => {
    const tensors = tf.memory().numTensors;
    const expected = expectedValues(name);
    const defaults = presetDefaults(name);
    const initial = Object.fromEntries(fields.map((spec) => [spec.name, spec.initial(defaults)]));
    expect(initial).toEqual(expected);
    // Each shown as its control's text reads back as the same value.
    for (const spec of fields) {
      const parsed = parseField(spec, rawOf(expected[spec.name]!));
      expect(parsed, spec.name).toEqual({ value: expected[spec.name] });
    }
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it.each(Object.keys(TRAIN_PRESETS) as PresetName[])('sends no option for the %s preset left alone: the trainer resolves it as for `addrnn train --preset`', (name) => {
    const defaults = presetDefaults(name);
    const values = new Map(fields.map((spec) => [spec.name, parseField(spec, rawOf(spec.initial(defaults)))]).map(([key, parsed]) => [key as string, (parsed as { value: FieldValue }).value]));
    const options = changedOptions(fields, defaults, values);
    expect(options).toEqual({});
    expect(resolveTrainOptions({ preset: name, ...options })).toEqual(resolveTrainOptions({ preset: name }));
  });

  it('sends the fields changed from the preset, with empty meaning a lever off', () => {
    const defaults = presetDefaults('default');
    const values = new Map<string, FieldValue>(fields.map((spec) => [spec.name, spec.initial(defaults)]));
    values.set('digits', 2);
    values.set('hiddenSize', 32);
    values.set('operators', ['+', '-']);
    values.set('clipNorm', null);
    values.set('targetAccuracy', 0.5);
    values.set('threadCount', '1');
    values.set('seed', 7);
    const options = changedOptions(fields, defaults, values);
    expect(options).toEqual({ task: { digits: 2, operators: ['+', '-'] }, model: { hiddenSize: 32 }, clipNorm: null, targetAccuracy: 0.5, threads: 1, seed: 7 });
    const resolved = resolveTrainOptions({ preset: 'default', ...options });
    expect(resolved.task).toEqual({ ...TRAIN_PRESETS.default.task, digits: 2, operators: ['+', '-'] });
    expect(resolved.clipNorm).toBeUndefined();
    expect(resolved.targetAccuracy).toBe(0.5);
    expect(resolved.seed).toBe(7);
    expect(resolved.learningRate).toBe(TRAIN_PRESETS.default.learningRate);
  });

  it('names the field, what it takes and what it got for a bad value', () => {
    expect(parseField(field('learningRate'), '0')).toEqual({ error: 'Learning rate must be a number > 0; got "0"' });
    expect(parseField(field('seed'), '1.5')).toEqual({ error: expect.stringMatching(/^Seed must be an integer from 0 to \d+; got "1.5"$/) });
    expect(parseField(field('digits'), '')).toEqual({ error: expect.stringMatching(/^Digits per number must be an integer from 1 to \d+; got ""$/) });
    expect(parseField(field('dropout'), '1')).toEqual({ error: 'Dropout between layers must be a number from 0 to below 1; got "1"' });
    expect(parseField(field('targetAccuracy'), '1.2')).toEqual({ error: 'Target accuracy (stop early) must be a number from 0 to 1, or empty for never stop early; got "1.2"' });
    expect(parseField(field('targetAccuracy'), ' ')).toEqual({ value: null });
    expect(parseField(field('operators'), [])).toEqual({ error: expect.stringMatching(/^Operators: tick at least one of \+ - \*/) });
    expect(parseField(field('threadCount'), '3')).toEqual({ error: 'Threads must be one of auto, 1, 2; got "3"' });
  });

  it('has a field for every option of the CLI’s train that sets the run', () => {
    const set: TrainFlags = {};
    for (const spec of fields) spec.apply(set, spec.input.kind === 'operators' ? ['+'] : spec.input.kind === 'boolean' ? true : spec.input.kind === 'choice' ? spec.input.choices[0]![0] : 1);
    const keys = [...Object.keys(set), ...Object.keys(set.task ?? {}).map((key) => `task.${key}`), ...Object.keys(set.model ?? {}).map((key) => `model.${key}`)];
    const cliOptions = [...NUMBER_FLAGS, ...SWITCHABLE_FLAGS, ...WORD_FLAGS].map(([, option]) => option as string);
    // The flags that set the task and the model (train-flags.ts): --digits, --operators,
    // --reverse-answer, --no-reverse-question, --cell, --hidden, --encoder-layers,
    // --decoder-layers, --dropout, --implementation. --family comes with the preset.
    const cliModelAndTask = ['task.digits', 'task.operators', 'task.reverseAnswer', 'task.reverseQuestion', 'model.cell', 'model.hiddenSize', 'model.encoderLayers', 'model.decoderLayers', 'model.dropout', 'model.implementation'];
    expect(keys).toEqual(expect.arrayContaining([...cliOptions, ...cliModelAndTask]));
  });
});
