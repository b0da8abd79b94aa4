import path from 'node:path';
import { MAX_DIGITS, MIN_DIGITS } from '@addrnn/codec';
import { backendOption } from '../backend-option.js';
import type { Command, OptionSpec } from '../command-line.js';

/** Where `train` makes a new numbered directory for each run (relative to the working directory). */
export const runsDir = 'runs';
/** A symbolic link to the newest run in `runsDir`; `--resume` without `--out` continues it. */
export const latestRunLink = path.join(runsDir, 'latest');

const options: readonly OptionSpec[] = [
  { name: 'digits', kind: 'integer', minimum: MIN_DIGITS, maximum: MAX_DIGITS, description: 'Most digits in one operand. Default: 5' },
  {
    name: 'operators',
    kind: 'string',
    placeholder: 'OPS',
    description: 'Operators the questions use, any of + - * written together, e.g. +-.\nDefault: +',
  },
  { name: 'reverse-answer', kind: 'boolean', description: 'Write answers least significant digit first.' },
  {
    name: 'no-reverse-question',
    kind: 'boolean',
    description: 'Feed questions front to back (by default they are reversed, as in Keras).',
  },
  {
    name: 'cell',
    kind: 'choice',
    choices: ['lstm', 'gru', 'simpleRNN'],
    placeholder: 'CELL',
    description: 'Recurrent cell: lstm, gru or simpleRNN. Default: lstm',
  },
  { name: 'hidden', kind: 'integer', minimum: 1, maximum: 4096, description: 'Hidden units per recurrent layer. Default: 128' },
  { name: 'encoder-layers', kind: 'integer', minimum: 1, maximum: 16, description: 'Encoder layers. Default: 1' },
  { name: 'decoder-layers', kind: 'integer', minimum: 1, maximum: 16, description: 'Decoder layers. Default: 1' },
  {
    name: 'dropout',
    kind: 'number',
    minimum: 0,
    maximum: 1,
    exclusiveMaximum: true,
    description: 'Dropout between layers, from 0 to below 1. Default: 0',
  },
  {
    name: 'implementation',
    kind: 'choice',
    choices: ['kernel', 'fused', 'layers'],
    placeholder: 'IMPL',
    description: 'How gradients are computed: kernel (WebAssembly SIMD, fastest; falls back\nto fused where it cannot load), fused (tfjs operations) or layers (plain\ntfjs-layers); same loss, same saved model. Default: kernel where supported',
  },
  { name: 'batch-size', kind: 'integer', minimum: 1, maximum: 65_536, description: 'Examples per training batch. Default: 32' },
  { name: 'epochs', kind: 'integer', minimum: 1, maximum: 1_000_000, description: 'Epochs to train (in all, counting resumed ones). Default: 30' },
  {
    name: 'examples-per-epoch',
    kind: 'integer',
    minimum: 1,
    description: 'Training examples per epoch, rounded up to whole batches.\nDefault: 50000',
  },
  { name: 'lr', kind: 'number', minimum: 0, exclusiveMinimum: true, placeholder: 'R', description: 'Adam learning rate. Default: 0.001' },
  {
    name: 'lr-final',
    kind: 'number',
    minimum: 0,
    exclusiveMinimum: true,
    placeholder: 'R',
    description: 'Decay the learning rate exponentially to R. Default: no decay',
  },
  {
    name: 'decay-examples',
    kind: 'integer',
    minimum: 1,
    description: 'Examples over which the rate decays to --lr-final.\nDefault: epochs × examples per epoch',
  },
  {
    name: 'clip-norm',
    kind: 'number',
    minimum: 0,
    exclusiveMinimum: true,
    placeholder: 'X',
    description: 'Clip gradients to this global norm. Default: no clipping',
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
    description: 'Share of training questions drawn with long carry chains\n(like 99999+1) instead of the usual operand lengths. Default: 0',
  },
  { name: 'validation-size', kind: 'integer', minimum: 1, maximum: 1_000_000, description: 'Validation questions checked after each epoch. Default: 2000\n(all of them when the task has fewer)' },
  {
    name: 'evaluate-every',
    kind: 'integer',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Also validate every N training examples, apart from the epoch size\n(the log, --json, targets and --target-accuracy act then). Default: at\nepoch ends only. Reaching 97%, 99% and 99.9% is reported when the\nvalidation set allows 10 errors at that level (99.9%: 10,000 questions)',
  },
  { name: 'seed', kind: 'integer', minimum: 0, maximum: 2 ** 32 - 1, description: 'Seed of the data and of the initial weights. Default: 1' },
  backendOption,
  {
    name: 'target-accuracy',
    kind: 'number',
    minimum: 0,
    maximum: 1,
    description: 'Stop early once validation exact match reaches X, e.g. 0.999.\nDefault: never',
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
  {
    name: 'force',
    kind: 'boolean',
    description: 'Start a new run in an --out that holds one, deleting its checkpoints.',
  },
  {
    name: 'checkpoint-every',
    kind: 'string',
    placeholder: 'WHEN',
    description:
      'Also save DIR/latest within an epoch: every N seconds (90s), minutes (2m)\n' +
      'or N training examples (100000); "epoch" for epoch ends only. Default: 1m',
  },
  {
    name: 'json',
    kind: 'boolean',
    description: 'One JSON object per epoch on stdout and nothing else there;\nthe human-readable log goes to stderr.',
  },
];

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a model on text arithmetic, with checkpoints you can resume.',
  usage: ['train [options]'],
  description:
    'The defaults are the Keras addition_rnn example: 5-digit additions, one LSTM of\n' +
    '128 units encoding and one decoding, Adam 0.001, batch 32, 30 epochs of 50,000\n' +
    'examples. Press Ctrl-C to stop: a checkpoint is saved and the command to resume\n' +
    'is printed. Each run gets its own directory, so no run overwrites another.',
  options,
  examples: [
    'addrnn train',
    'addrnn train --digits 3 --epochs 10 --out runs/three-digits',
    'addrnn train --operators +- --hidden 256 --lr-final 1e-4 --target-accuracy 0.999',
    'addrnn train --resume --epochs 40',
    'addrnn train --out runs/three-digits --force',
    'addrnn train --digits 1 --epochs 2 --json > epochs.jsonl',
  ],
  // Loaded on first use, so that --help and mistakes on the command line answer without starting tfjs.
  run: async (parsed) => (await import('./run-train.js')).runTrain(parsed),
};

