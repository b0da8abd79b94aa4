// The aligned family in the CLI: one LSTM fed one digit column per step, numbers of any length.
import { SIGNED_FEEDBACK_INPUT_SIZE } from '@addrnn/codec';
import { formatCount } from '../number-format.js';
import { cellName, type CliFamily } from './cli-family.js';

export const alignedCli: CliFamily = {
  summary:
    "one LSTM fed one digit column per step, least significant first: it adds (and, with --operators +-, subtracts with a sign) numbers of any length; with --operators '*' each step is one answer column's digit pairs and it multiplies",
  describeArchitecture: (architecture) =>
    `aligned ${cellName(architecture.cell)} ${architecture.hiddenSize}${architecture.embeddingSize === undefined ? '' : ` after an embedding of ${architecture.embeddingSize}`} (one digit column per step, numbers of any length)`,
  taskRows: (adder) =>
    adder.codec.operators.includes('*')
      ? [
          ['Task', `products of two numbers of up to ${formatCount(adder.maxDigits)} digits, trained on operands of up to ${adder.metadata.codec.digits} digits`],
          ['Layout', 'one answer column per step, least significant first: the digit pairs whose products make up that column, as counts of each of the 100 pairs; one answer digit per step'],
        ]
      : adder.codec.operators.includes('-')
      ? [
          ['Task', `sums and differences (answers may be negative) of two numbers of any length (up to ${formatCount(adder.maxDigits)} digits), trained on operands of up to ${adder.metadata.codec.digits} digits`],
          [
            'Layout',
            `two passes over the digit columns, least significant first: the first writes the sign, the second, given that sign, the digits${
              adder.model.inputs[0]?.shape[2] === SIGNED_FEEDBACK_INPUT_SIZE ? "; each step is given the class it wrote at the step before (the sign so far, the digit before) and the column before's digits" : ''
            }`,
          ],
        ]
      : [
          ['Task', `sums of two numbers of any length (up to ${formatCount(adder.maxDigits)} digits), trained on operands of up to ${adder.metadata.codec.digits} digits`],
          ['Layout', 'one column of digits per step (two one-hot digits), least significant first, one answer digit per step plus a carry step'],
        ],
  exampleQuestion: (codec) =>
    codec.operators.includes('*')
      ? `'${'987654321'.slice(0, codec.digits)}*${'123456789'.slice(0, codec.digits)}'`
      : `123456789012345678901234567890${codec.operators.includes('-') ? '-' : '+'}987654321098765432109876543210`,
  // Measured by length, far past the digits it trained on (a multiplier: its test split, longer operands and its hard cases).
  evalFlags: (codec) => (codec.operators.includes('*') ? ` --lengths ${codec.digits},${codec.digits + 1},${2 * codec.digits}` : ' --lengths 10,100,1000,10000'),
  evaluate: async (parsed, adder, { directory, seed, json }) => (await import('../commands/run-eval-aligned.js')).runAlignedEval(parsed, adder, directory, seed, json),
};
