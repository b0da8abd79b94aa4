import path from 'node:path';
import { DEFAULT_TASK_OPTIONS, MAX_DIGITS, MAX_SEED, MIN_DIGITS, operatorTasks } from '@addrnn/codec';
import { MAX_BATCH_SIZE } from '@addrnn/dataset';
import { MAX_EMBEDDING_SIZE, MAX_HIDDEN_SIZE, MAX_LAYERS } from '@addrnn/model/limits';
// The defaults and presets only: no tfjs is loaded to print --help.
import { DEFAULT_TRAIN_OPTIONS as D, MAX_EPOCHS, MAX_VALIDATION_SIZE, PRESET_NAMES, TRAIN_PRESETS } from '@addrnn/trainer/presets';
import { backendOption } from '../backend-option.js';
import type { OptionSpec } from '../command-line.js';
import { CLI_FAMILIES, FAMILY_NAMES } from '../families/index.js';
import { presetOfFamily } from './flags-to-options.js';
import { formatCount } from '../number-format.js';
import { latestRunLink, runsDir } from './run-directories.js';

const keras = TRAIN_PRESETS.keras;
const reversedAnswer = D.task.reverseAnswer ?? DEFAULT_TASK_OPTIONS.reverseAnswer;

function familyPresetList(): string {
  return FAMILY_NAMES.flatMap((family) => {
    const preset = presetOfFamily(family);
    const multiplier = presetOfFamily(family, ['*']);
    if (preset === undefined) return [];
    return [`${family}: --preset ${preset}${multiplier === preset ? '' : `, or ${multiplier} with --operators '*'`}`];
  }).join(', ');
}

/** The flags of `addrnn train`; the defaults they show are the trainer's own. */
export const trainFlags: readonly OptionSpec[] = [
  {
    name: 'preset',
    kind: 'choice',
    choices: PRESET_NAMES,
    placeholder: 'NAME',
    description:
      'Settings for every option you leave out: default (the tuned recipe of\n' +
      'docs/recipes.md), keras (the seed: Adam 0.001, batch 32, 30 epochs of\n' +
      '50,000, no carry mix, decay, clipping or early stop), aligned (the\n' +
      'column-aligned adder of any length) or multiply (the aligned family\n' +
      "multiplying 3-digit operands; --digits 5 for 5, as shipped). Default: default",
  },
  {
    name: 'family',
    aliases: ['architecture'],
    kind: 'choice',
    choices: FAMILY_NAMES,
    placeholder: 'FAMILY',
    description:
      `Model family (model.family): ${FAMILY_NAMES.map((name) => `${name} (${CLI_FAMILIES[name].summary})`).join(' or ')}. ` +
      `Without --preset, a family with a preset of its own takes it (${familyPresetList()}). Default: ${FAMILY_NAMES[0]}`,
  },
  { name: 'digits', kind: 'integer', minimum: MIN_DIGITS, maximum: MAX_DIGITS, description: `Most digits in one operand. Default: ${DEFAULT_TASK_OPTIONS.digits}` },
  {
    name: 'operators',
    kind: 'string',
    placeholder: 'OPS',
    description: `Operators the questions use, any of ${operatorTasks().map(({ symbol, name }) => `${symbol} (${name})`).join(', ')},\nwritten together, e.g. +-. Default: ${DEFAULT_TASK_OPTIONS.operators.join('')}`,
  },
  { name: 'reverse-answer', kind: 'boolean', description: `Write answers least significant digit first.${reversedAnswer ? ' Default: on' : ''}` },
  { name: 'no-reverse-answer', kind: 'boolean', description: 'Write answers most significant digit first, as Keras does.' },
  { name: 'no-reverse-question', kind: 'boolean', description: 'Feed questions front to back (by default they are reversed, as in Keras).' },
  { name: 'cell', kind: 'choice', choices: ['lstm', 'gru', 'simpleRNN'], placeholder: 'CELL', description: 'Recurrent cell: lstm, gru or simpleRNN. Default: lstm' },
  { name: 'hidden', kind: 'integer', minimum: 1, maximum: MAX_HIDDEN_SIZE, description: 'Hidden units per recurrent layer. Default: 128' },
  {
    name: 'embedding',
    kind: 'integer',
    minimum: 1,
    maximum: MAX_EMBEDDING_SIZE,
    description: 'Aligned family: project each input column to this many values (no bias)\nbefore the LSTM. Default: none',
  },
  { name: 'encoder-layers', kind: 'integer', minimum: 1, maximum: MAX_LAYERS, description: 'Encoder layers. Default: 1' },
  { name: 'decoder-layers', kind: 'integer', minimum: 1, maximum: MAX_LAYERS, description: 'Decoder layers. Default: 1' },
  { name: 'dropout', kind: 'number', minimum: 0, maximum: 1, exclusiveMaximum: true, description: 'Dropout between layers, from 0 to below 1. Default: 0' },
  {
    name: 'implementation',
    kind: 'choice',
    choices: ['kernel', 'fused', 'layers'],
    placeholder: 'IMPL',
    description: 'How gradients are computed: kernel (WebAssembly SIMD, fastest; falls back\nto fused where it cannot load), fused (tfjs operations) or layers (plain\ntfjs-layers); same loss, same saved model. Default: kernel where supported',
  },
  { name: 'batch-size', kind: 'integer', minimum: 1, maximum: MAX_BATCH_SIZE, description: `Examples per training batch. Default: ${D.batchSize}` },
  {
    name: 'epochs',
    kind: 'integer',
    minimum: 1,
    maximum: MAX_EPOCHS,
    description: `Epochs to train (in all, counting resumed ones); with --examples-per-epoch\nthe examples budget. Default: ${D.epochs} (${formatCount(D.epochs * D.examplesPerEpoch)} examples)`,
  },
  { name: 'examples-per-epoch', kind: 'integer', minimum: 1, description: `Training examples per epoch, rounded up to whole batches.\nDefault: ${formatCount(D.examplesPerEpoch)}` },
  { name: 'lr', kind: 'number', minimum: 0, exclusiveMinimum: true, placeholder: 'R', description: `Adam learning rate (after any warm-up). Default: ${D.learningRate}` },
  {
    name: 'lr-final',
    kind: 'number',
    minimum: 0,
    exclusiveMinimum: true,
    orNone: true,
    placeholder: 'R',
    description: `Decay the learning rate to R; none: a cosine decay falls to 0,\nan exponential one does not decay. Default: ${D.learningRateFinal ?? 'none'}`,
  },
  {
    name: 'lr-decay',
    kind: 'choice',
    choices: ['exponential', 'cosine'],
    placeholder: 'SHAPE',
    description: `Shape of the decay: exponential or cosine (to --lr-final, or to 0\nwithout one). Default: ${D.learningRateDecay ?? 'exponential'}`,
  },
  {
    name: 'decay-examples',
    kind: 'integer',
    minimum: 1,
    description: `Examples from the start to the end of the decay.\nDefault: ${D.decayExamples === undefined ? 'the examples budget' : formatCount(D.decayExamples)}`,
  },
  { name: 'warmup-examples', kind: 'integer', minimum: 0, description: `Raise the rate linearly from 0 over the first N examples. Default: ${D.warmupExamples ?? 0}` },
  {
    name: 'clip-norm',
    kind: 'number',
    minimum: 0,
    exclusiveMinimum: true,
    orNone: true,
    placeholder: 'X',
    description: `Clip gradients to this global norm; none: no clipping. Default: ${D.clipNorm ?? 'none'}`,
  },
  {
    name: 'threads',
    kind: 'string',
    placeholder: 'N',
    description: 'Threads computing each batch (data parallel; kernel, or fused on wasm\nor cpu): a number, or auto to pick from the cores and the batch size\n(kernel: one per 16 examples; fused: one per 32; at most 4). Default: auto',
  },
  {
    name: 'carry-fraction',
    kind: 'number',
    minimum: 0,
    maximum: 1,
    placeholder: 'X',
    description: `Share of training questions drawn with long carry chains\n(like 99999+1) instead of the usual operand lengths. Default: ${D.carryFraction}`,
  },
  {
    name: 'replay-fraction',
    kind: 'number',
    minimum: 0,
    maximum: 0.99,
    placeholder: 'X',
    description: `Share of each batch given to training questions the model got\nwrong in earlier batches, each replayed until it is right\n(hard-example replay). Default: ${D.replayFraction ?? 0}`,
  },
  {
    name: 'label-smoothing',
    kind: 'number',
    minimum: 0,
    maximum: 0.99,
    placeholder: 'X',
    description: `Label smoothing: train towards (1 - X) on the right character and\nX spread over all of them; validation reports the plain loss.\nDefault: ${D.labelSmoothing ?? 0}`,
  },
  {
    name: 'distribution',
    kind: 'choice',
    choices: ['keras', 'uniform'],
    placeholder: 'NAME',
    description: `How training and validation questions draw their operands: keras (a\nlength of 1 to --digits, then that many digits) or uniform (every\nvalue equally likely: mostly full-length operands). Default: ${D.distribution ?? 'keras'}`,
  },
  {
    name: 'validation-size',
    kind: 'integer',
    minimum: 1,
    maximum: MAX_VALIDATION_SIZE,
    description: `Validation questions checked at each evaluation. Default: ${formatCount(D.validationSize)}\n(all of them when the task has fewer)`,
  },
  {
    name: 'evaluate-every',
    kind: 'integer',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    orNone: true,
    description:
      'Also validate every N training examples, apart from the epoch size\n(the log, --json, targets and --target-accuracy act then); none: at\n' +
      `epoch ends only. Default: ${D.evaluateEvery === undefined ? 'none' : formatCount(D.evaluateEvery)}. Reaching 97%, 99% and 99.9% is reported when\n` +
      'the validation set allows 10 errors at that level (99.9%: 10,000 questions)',
  },
  { name: 'seed', kind: 'integer', minimum: 0, maximum: MAX_SEED, description: `Seed of the data and of the initial weights. Default: ${D.seed}` },
  backendOption,
  {
    name: 'target-accuracy',
    kind: 'number',
    minimum: 0,
    maximum: 1,
    orNone: true,
    description: `Stop once validation exact match reaches X; none: never.\nDefault: ${D.targetAccuracy ?? 'none'}`,
  },
  {
    name: 'out',
    short: 'o',
    kind: 'string',
    placeholder: 'DIR',
    description:
      'Checkpoint directory: DIR/latest (resumable), DIR/best (best validation).\n' +
      `Default: a new ${path.join(runsDir, 'run-NNN')} for each run (${latestRunLink} points to it).\n` +
      'A DIR that holds a run needs --resume or --force.',
  },
  {
    name: 'resume',
    kind: 'boolean',
    description:
      `Continue the run in --out (default: the newest run, ${latestRunLink}). Options you\n` +
      'leave out are the checkpoint\'s; raise --epochs to train a finished run further.',
  },
  { name: 'force', kind: 'boolean', description: 'Start a new run in an --out that holds one, deleting its checkpoints.' },
  {
    name: 'checkpoint-every',
    kind: 'string',
    placeholder: 'WHEN',
    description:
      'Also save DIR/latest within an epoch: every N seconds (90s), minutes (2m)\n' +
      'or N training examples (100000); "epoch" for epoch ends only. Default: 1m',
  },
  { name: 'json', kind: 'boolean', description: 'One JSON object per epoch on stdout and nothing else there;\nthe human-readable log goes to stderr.' },
];

/** The keras preset's settings, for the command's description. */
export const kerasSummary = `Adam ${keras.learningRate}, batch ${keras.batchSize}, ${keras.epochs} epochs of ${formatCount(keras.examplesPerEpoch)}`;
