import { backendOption } from '../backend-option.js';
import type { Command } from '../command-line.js';
import { modelOption } from '../model-option.js';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'Answer arithmetic questions with a trained model, one answer per line.',
  usage: ['predict [--model DIR] [--confidence] [--json] QUESTION...', 'predict [--model DIR] -   (questions from stdin, one a line)'],
  description:
    'A question is two numbers and an operator the model was trained on, without\n' +
    'spaces: 535+61, 7-12, 0042+9. The model answers it character by character;\n' +
    '--confidence shows the probability it gave each character of its answer.',
  options: [
    modelOption,
    { name: 'confidence', short: 'c', kind: 'boolean', description: 'Print the probability of each answer character too.' },
    {
      name: 'json',
      kind: 'boolean',
      description: 'One JSON object per question: {"question", "answer", "confidence": [per character]}.',
    },
    backendOption,
  ],
  positionals: true,
  examples: [
    'addrnn predict "535+61" "12+7"',
    'addrnn predict --model runs/latest/best --confidence 99999+1',
    'printf "1+2\\n30+40\\n" | addrnn predict -',
  ],
  // Loaded on first use, so that --help and mistakes on the command line answer without starting tfjs.
  run: async (parsed) => (await import('./run-predict.js')).runPredict(parsed),
};
