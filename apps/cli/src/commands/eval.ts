import { MAX_SEED } from '@addrnn/codec';
import { backendOption } from '../backend-option.js';
import type { Command } from '../command-line.js';
import { modelOption } from '../model-option.js';

import { DEFAULT_ALIGNED_LENGTHS, DEFAULT_CHAIN_LENGTH, defaultSamples, defaultSeed } from './eval-defaults.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Measure a model on questions it never trained on.',
  usage: ['eval [--model DIR] [--samples N] [--hard] [--json]', 'eval --model pretrained:aligned [--lengths 10,100,1000,10000] [--chains N]'],
  description:
    'Always: per-character and whole-answer accuracy on N questions of the held-out\n' +
    'test split (disjoint from the training and validation questions), drawn with the\n' +
    'seed the model was trained with. With --hard, also on the hard cases: long carry\n' +
    'chains, zeros, maxima, 1-digit with 5-digit operands. The first wrong answers of\n' +
    'each set are listed.\n\n' +
    'An aligned model (one that adds numbers of any length) is measured by length\n' +
    'instead: the test split up to the length it trained on, random questions of\n' +
    'each longer --lengths (N questions each; by default 10,000 up to 100 digits, then\n' +
    'as many as make 1M digits, at least 100), and the carry chains 99…9+1, 1+99…9,\n' +
    '49…9+50…01 and 19…95+5 of every length up to --chains.',
  options: [
    modelOption,
    {
      name: 'samples',
      short: 'n',
      kind: 'integer',
      minimum: 1,
      maximum: 1_000_000,
      description: `Test questions (fewer if the split has fewer distinct ones). Default: ${defaultSamples}`,
    },
    { name: 'hard', kind: 'boolean', description: 'Also evaluate the hard cases.' },
    {
      name: 'lengths',
      kind: 'string',
      placeholder: 'LIST',
      description: `Aligned models: operand lengths to measure, e.g. 10,100,1000. Default: ${DEFAULT_ALIGNED_LENGTHS.join(',')}`,
    },
    {
      name: 'chains',
      kind: 'integer',
      minimum: 0,
      maximum: 1_000_000,
      description: `Aligned models: carry chains of every length up to N (0: none). Default: ${DEFAULT_CHAIN_LENGTH}`,
    },
    {
      name: 'errors',
      kind: 'integer',
      minimum: 0,
      maximum: 1_000_000,
      description: 'Wrong answers listed per set. Default: 20',
    },
    {
      name: 'seed',
      kind: 'integer',
      minimum: 0,
      maximum: MAX_SEED,
      description: `Dataset seed. Default: the model's training seed, else ${defaultSeed}`,
    },
    { name: 'json', kind: 'boolean', description: 'Print one JSON object with the results on stdout.' },
    backendOption,
  ],
  examples: [
    'addrnn eval',
    'addrnn eval --model runs/latest/best --hard',
    'addrnn eval --model runs/latest/best --samples 100000 --json',
    'addrnn eval --model pretrained:aligned --chains 10000',
  ],
  // Loaded on first use, so that --help and mistakes on the command line answer without starting tfjs.
  run: async (parsed) => (await import('./run-eval.js')).runEval(parsed),
};
