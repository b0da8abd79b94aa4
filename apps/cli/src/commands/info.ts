import type { Command } from '../command-line.js';
import { modelOption } from '../model-option.js';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Show what a saved model does, its architecture and how it was trained.',
  usage: ['info [--model DIR] [--json]'],
  options: [
    modelOption,
    { name: 'json', kind: 'boolean', description: 'Print the metadata and parameter count as one JSON object.' },
  ],
  examples: ['addrnn info', 'addrnn info --model runs/latest/best', 'addrnn info --model runs/latest/best --json'],
  // Loaded on first use, so that --help and mistakes on the command line answer without starting tfjs.
  run: async (parsed) => (await import('./run-info.js')).runInfo(parsed),
};
