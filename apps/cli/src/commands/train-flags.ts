import path from 'node:path';
import { DEFAULT_TASK_OPTIONS, MAX_DIGITS, MAX_SEED, MIN_DIGITS, operatorTasks, type Operator, type TaskOptions } from '@addrnn/codec';
import { MAX_BATCH_SIZE } from '@addrnn/dataset';
import type { BackendChoice, ModelOptions } from '@addrnn/model';
import { MAX_HIDDEN_SIZE, MAX_LAYERS } from '@addrnn/model/limits';
// The defaults and presets only: no tfjs is loaded to print --help.
import { DEFAULT_TRAIN_OPTIONS as D, MAX_EPOCHS, MAX_VALIDATION_SIZE, PRESET_NAMES, TRAIN_PRESETS } from '@addrnn/trainer/presets';
import type { CheckpointInterval, TrainOptions } from '@addrnn/trainer';
import { backendOption } from '../backend-option.js';
import type { OptionSpec, ParsedCommandLine } from '../command-line.js';
import { formatCount } from '../number-format.js';
import { UsageError } from '../usage-error.js';
import { latestRunLink, runsDir } from './run-directories.js';
import { NUMBER_FLAGS, SWITCHABLE_FLAGS } from './train-option-flags.js';

/** What the flags give the trainer: everything the user did not give stays unset. */
export type TrainFlags = Omit<TrainOptions, 'outDir' | 'resume' | 'signal' | 'callbacks' | 'overwrite' | 'checkpointInterval'>;

const keras = TRAIN_PRESETS.keras;
const reversedAnswer = D.task.reverseAnswer ?? DEFAULT_TASK_OPTIONS.reverseAnswer;

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
      '50,000, no carry mix, decay, clipping or early stop) or aligned (the\n' +
      'column-aligned adder of any length). Default: default',
  },
  {
    name: 'architecture',
    kind: 'choice',
    choices: ['seq2seq', 'aligned'],
    placeholder: 'FAMILY',
    description:
      'Model family: seq2seq (the Keras encoder-decoder, questions of up to\n' +
      '--digits digits) or aligned (one LSTM fed one digit column per step,\n' +
      'least significant first: it adds numbers of any length). Without --preset,\n' +
      'aligned takes the aligned preset. Default: seq2seq',
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

/** The flags the user gave, as trainer options; anything not given stays unset (the preset's, or on resume the checkpoint's). */
export function buildTrainOptions(parsed: ParsedCommandLine): TrainFlags {
  const task: TaskOptions = {};
  const digits = parsed.number('digits');
  if (digits !== undefined) task.digits = digits;
  const operators = parsed.string('operators');
  if (operators !== undefined) task.operators = parseOperators(operators);
  if (parsed.flag('reverse-answer') && parsed.flag('no-reverse-answer')) {
    throw new UsageError('--reverse-answer and --no-reverse-answer contradict each other', 'train');
  }
  if (parsed.flag('reverse-answer')) task.reverseAnswer = true;
  if (parsed.flag('no-reverse-answer')) task.reverseAnswer = false;
  if (parsed.flag('no-reverse-question')) task.reverseQuestion = false;

  const model: Omit<ModelOptions, 'codec'> = {};
  const cell = parsed.string('cell');
  if (cell !== undefined) model.cell = cell as NonNullable<ModelOptions['cell']>;
  const hidden = parsed.number('hidden');
  if (hidden !== undefined) model.hiddenSize = hidden;
  const encoderLayers = parsed.number('encoder-layers');
  if (encoderLayers !== undefined) model.encoderLayers = encoderLayers;
  const decoderLayers = parsed.number('decoder-layers');
  if (decoderLayers !== undefined) model.decoderLayers = decoderLayers;
  const dropout = parsed.number('dropout');
  if (dropout !== undefined) model.dropout = dropout;
  const implementation = parsed.string('implementation');
  if (implementation !== undefined) model.implementation = implementation as NonNullable<ModelOptions['implementation']>;

  const family = parsed.string('architecture');
  if (family !== undefined) model.family = family as NonNullable<ModelOptions['family']>;

  const options: TrainFlags = {};
  const preset = parsed.string('preset');
  if (preset !== undefined) options.preset = preset as NonNullable<TrainFlags['preset']>;
  else if (family === 'aligned') options.preset = 'aligned';
  if (Object.keys(task).length > 0) options.task = task;
  if (Object.keys(model).length > 0) options.model = model;
  for (const [flag, key] of NUMBER_FLAGS) {
    const value = parsed.number(flag);
    if (value !== undefined) options[key] = value;
  }
  // `none` turns these levers off, whatever the preset says.
  for (const [flag, key] of SWITCHABLE_FLAGS) {
    const value = parsed.number(flag);
    if (value !== undefined) options[key] = value;
    else if (parsed.isNone(flag)) options[key] = null;
  }
  const decay = parsed.string('lr-decay');
  if (decay !== undefined) options.learningRateDecay = decay as NonNullable<TrainFlags['learningRateDecay']>;
  const backend = parsed.string('backend');
  if (backend !== undefined) options.backend = backend as BackendChoice;
  const threads = parsed.string('threads');
  if (threads !== undefined) {
    if (threads !== 'auto' && !/^[1-9]\d*$/.test(threads)) {
      throw new UsageError(`--threads takes a positive whole number or auto, got "${threads}"`, 'train');
    }
    options.threads = threads === 'auto' ? 'auto' : Number(threads);
  }
  return options;
}

/** The operators `--operators` takes: every one the codec knows, as its descriptors list them. */
function operatorSymbols(): string[] {
  return operatorTasks().map(({ symbol }) => symbol);
}

/** `+-`, `+,-` or `"+ -"`: each operator once. */
function parseOperators(text: string): Operator[] {
  const operators: Operator[] = [];
  const known = operatorSymbols();
  for (const character of text.replace(/[\s,]/g, '')) {
    if (!known.includes(character)) {
      throw new UsageError(`--operators takes the characters ${known.join(' ')}, got "${text}" (unknown "${character}")`, 'train');
    }
    if (operators.includes(character as Operator)) {
      throw new UsageError(`--operators lists "${character}" twice in "${text}"`, 'train');
    }
    operators.push(character as Operator);
  }
  if (operators.length === 0) throw new UsageError(`--operators needs at least one of ${known.join(' ')}`, 'train');
  return operators;
}

/** `--checkpoint-every`: `90s`, `2m`, `100000` (examples) or `epoch`; unset: the trainer's default (1 minute). */
export function parseCheckpointEvery(text: string | undefined): CheckpointInterval | false | undefined {
  if (text === undefined) return undefined;
  if (text === 'epoch') return false;
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text.trim());
  const value = match ? Number(match[1]) : Number.NaN;
  if (!match || !(value > 0) || (match[2] === undefined && !Number.isInteger(value))) {
    throw new UsageError(
      `--checkpoint-every takes seconds (90s), minutes (2m), a whole number of examples (100000) or "epoch", got "${text}"`,
      'train',
    );
  }
  if (match[2] === 's') return { seconds: value };
  if (match[2] === 'm') return { seconds: value * 60 };
  return { examples: value };
}
