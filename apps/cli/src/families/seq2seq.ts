// The seq2seq family in the CLI: the Keras encoder-decoder over questions of up to --digits digits.
import { shellQuote } from '../invocation.js';
import { cellName, type CliFamily } from './cli-family.js';

export const seq2seqCli: CliFamily = {
  summary: 'the Keras encoder-decoder, questions of up to --digits digits',
  describeArchitecture(architecture) {
    const layers = `${architecture.encoderLayers} encoder + ${architecture.decoderLayers} decoder layer${architecture.decoderLayers === 1 ? '' : 's'}`;
    const dropout = architecture.dropout ? `, dropout ${architecture.dropout}` : '';
    return `${cellName(architecture.cell)} ${architecture.hiddenSize} (${layers}${dropout})`;
  },
  taskRows(adder) {
    const { codec } = adder.metadata;
    return [
      ['Task', `${codec.digits}-digit operands, operators ${codec.operators.join(' ')}`],
      ['Question', `${adder.codec.questionLength} characters${codec.reverseQuestion ? ', fed back to front' : ''}`],
      ['Answer', `${adder.codec.answerLength} characters${codec.reverseAnswer ? ', least significant digit first' : ''}`],
      ['Vocabulary', codec.vocabulary.map((character) => JSON.stringify(character)).join(' ')],
    ];
  },
  exampleQuestion(codec) {
    const left = '535'.slice(0, codec.digits);
    const right = '61'.slice(0, codec.digits);
    const operator = codec.operators[0] ?? '+';
    return shellQuote(`${left}${operator}${right}`);
  },
  evalFlags: () => ' --hard',
  evaluate: async (parsed, adder, run) => (await import('../commands/run-eval-split.js')).runSplitEval(parsed, adder, run),
};
