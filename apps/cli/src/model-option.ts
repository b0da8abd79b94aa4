import type { OptionSpec } from './command-line.js';

export const modelOption: OptionSpec = {
  name: 'model',
  short: 'm',
  kind: 'string',
  placeholder: 'DIR',
  description:
    'Directory of a saved model (model.json + weights.bin), e.g. runs/latest/best,\n' +
    'or a shipped one: pretrained:5-digit or pretrained:aligned (any length).\n' +
    'Default: pretrained:5-digit, the adder that ships with @addrnn/model.',
};
