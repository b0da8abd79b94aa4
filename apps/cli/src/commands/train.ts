import type { Command } from '../command-line.js';
import { kerasSummary, trainFlags } from './train-flags.js';

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a model on text arithmetic, with checkpoints you can resume.',
  usage: ['train [options]'],
  description:
    'By default: the seed\'s model (5-digit additions, one LSTM of 128 units encoding\n' +
    'and one decoding) with the tuned recipe of docs/recipes.md, until 99.9% of\n' +
    '10,000 held-out questions are right or the examples budget runs out.\n' +
    `--preset keras runs the Keras addition_rnn example's settings\n(${kerasSummary}).\n` +
    'Press Ctrl-C to stop: a checkpoint is saved and the command to resume is\n' +
    'printed. Each run gets its own directory, so no run overwrites another.',
  options: trainFlags,
  examples: [
    'addrnn train',
    'addrnn train --preset keras',
    'addrnn train --digits 3 --epochs 10 --out runs/three-digits',
    'addrnn train --operators +- --hidden 256 --lr-final 1e-4 --target-accuracy 0.999',
    'addrnn train --resume --epochs 40',
    'addrnn train --out runs/three-digits --force',
    'addrnn train --digits 1 --epochs 2 --json > epochs.jsonl',
  ],
  // Loaded on first use, so that --help and mistakes on the command line answer without starting tfjs.
  run: async (parsed) => (await import('./run-train.js')).runTrain(parsed),
};
