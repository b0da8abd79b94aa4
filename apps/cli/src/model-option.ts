import type { OptionSpec } from './command-line.js';

export const modelOption: OptionSpec = {
  name: 'model',
  short: 'm',
  kind: 'string',
  placeholder: 'DIR',
  description:
    'Directory of a saved model (model.json + weights.bin), e.g. runs/latest/best,\n' +
    'or a shipped one: pretrained:5-digit, pretrained:aligned (any length),\n' +
    'pretrained:signed (+ and -, any length) or pretrained:multiply (5-digit *).\n' +
    'Default: pretrained:5-digit, the adder that ships with @addrnn/model.',
};
