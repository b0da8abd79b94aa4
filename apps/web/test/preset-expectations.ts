// What each Train form field should start at for a preset, read from the trainer's preset object
// by hand (not through the form's own field list), shared by the Node and the Chromium tests.
import { DEFAULT_TASK_OPTIONS } from '@addrnn/codec';
import { createModel, getMetadata } from '@addrnn/model';
import { TRAIN_PRESETS, type PresetName } from '@addrnn/trainer';
import type { FieldValue } from '../src/train-fields.js';

/**
 * What each field should start at, read from the preset object by hand (not through the
 * fields): the preset's value, else the default of the option's owner. The architecture comes
 * from a model the preset's options build
 * (fast on the wasm backend: `useBackend('wasm')` first).
 */
export function expectedValues(name: PresetName): Record<string, FieldValue> {
  const preset = TRAIN_PRESETS[name];
  const task = { ...DEFAULT_TASK_OPTIONS, ...preset.task };
  const model = createModel({ ...preset.model, codec: preset.task });
  const { architecture } = getMetadata(model);
  model.dispose();
  return {
    digits: task.digits,
    reverseAnswer: task.reverseAnswer,
    operators: task.operators,
    reverseQuestion: task.reverseQuestion,
    cell: architecture.cell,
    hiddenSize: architecture.hiddenSize,
    encoderLayers: architecture.encoderLayers,
    decoderLayers: architecture.decoderLayers,
    dropout: architecture.dropout,
    implementation: architecture.implementation,
    batchSize: preset.batchSize,
    epochs: preset.epochs,
    examplesPerEpoch: preset.examplesPerEpoch,
    learningRate: preset.learningRate,
    warmupExamples: preset.warmupExamples ?? 0,
    // learningRateAt's reading of an unset shape.
    learningRateDecay: preset.learningRateDecay ?? 'exponential',
    // Unset, the decay runs over the whole budget.
    decayExamples: preset.decayExamples ?? preset.epochs * preset.examplesPerEpoch,
    learningRateFinal: preset.learningRateFinal ?? null,
    clipNorm: preset.clipNorm ?? null,
    carryFraction: preset.carryFraction,
    replayFraction: preset.replayFraction ?? 0,
    labelSmoothing: preset.labelSmoothing ?? 0,
    evaluateEvery: preset.evaluateEvery ?? null,
    validationSize: preset.validationSize,
    targetAccuracy: preset.targetAccuracy ?? null,
    seed: preset.seed,
    threadCount: 'auto',
  };
}
