import type { OptionSpec } from './command-line.js';

export const modelOption: OptionSpec = {
  name: 'model',
  short: 'm',
  kind: 'string',
  placeholder: 'DIR',
  description:
    'Directory of a saved model (model.json + weights.bin), e.g. runs/latest/best.\n' +
    'Default: the pretrained 5-digit adder that ships with @addrnn/model.',
};
