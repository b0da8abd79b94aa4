import { MODEL_FAMILIES } from '@addrnn/model';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../command-line.js';
import { buildTrainOptions, presetOfFamily } from '../commands/flags-to-options.js';
import { trainCommand } from '../commands/train.js';
import { trainFlags } from '../commands/train-flags.js';
import { CLI_FAMILIES, FAMILY_NAMES } from './index.js';

describe("the CLI's family table", () => {
  it('holds the registry of @addrnn/model, in its order (the default first)', () => {
    expect(FAMILY_NAMES).toEqual(MODEL_FAMILIES);
    expect(Object.keys(CLI_FAMILIES)).toEqual([...MODEL_FAMILIES]);
  });

  it('gives --family (alias --architecture) the registry as its choices, each with its own preset where one exists', () => {
    const flag = trainFlags.find((spec) => spec.name === 'family');
    expect(flag).toMatchObject({ kind: 'choice', choices: [...MODEL_FAMILIES], aliases: ['architecture'] });
    expect(presetOfFamily('aligned')).toBe('aligned');
    expect(presetOfFamily('seq2seq')).toBeUndefined();
    for (const args of [['--family', 'aligned'], ['--architecture', 'aligned']]) {
      expect(buildTrainOptions(parseCommandLine(trainCommand, args)), args.join(' ')).toMatchObject({ preset: 'aligned', model: { family: 'aligned' } });
    }
    const seq2seq = buildTrainOptions(parseCommandLine(trainCommand, ['--family', 'seq2seq']));
    expect(seq2seq).toEqual({ model: { family: 'seq2seq' } });
    // The aligned family's multiplier has a preset of its own, which --operators '*' picks.
    expect(presetOfFamily('aligned', ['*'])).toBe('multiply');
    expect(presetOfFamily('aligned', ['+', '-'])).toBe('aligned');
    expect(buildTrainOptions(parseCommandLine(trainCommand, ['--architecture', 'aligned', '--operators', '*', '--distribution', 'keras']))).toMatchObject({
      preset: 'multiply',
      task: { operators: ['*'] },
      distribution: 'keras',
    });
    expect(() => parseCommandLine(trainCommand, ['--distribution', 'normal'])).toThrow(/--distribution.*keras.*uniform/);
    // An explicit preset wins over the family's own.
    expect(buildTrainOptions(parseCommandLine(trainCommand, ['--architecture', 'aligned', '--preset', 'keras']))).toMatchObject({ preset: 'keras' });
  });

  it('describes each architecture in its own words', () => {
    const words = { cell: 'lstm', hiddenSize: 32, encoderLayers: 1, decoderLayers: 1, dropout: 0.1 };
    expect(CLI_FAMILIES.seq2seq.describeArchitecture(words)).toBe('LSTM 32 (1 encoder + 1 decoder layer, dropout 0.1)');
    expect(CLI_FAMILIES.aligned.describeArchitecture({ ...words, decoderLayers: 0, dropout: 0 })).toBe('aligned LSTM 32 (one digit column per step, numbers of any length)');
    expect(CLI_FAMILIES.aligned.describeArchitecture({ ...words, decoderLayers: 0, dropout: 0, embeddingSize: 8 })).toBe('aligned LSTM 32 after an embedding of 8 (one digit column per step, numbers of any length)');
    expect(CLI_FAMILIES.seq2seq.exampleQuestion({ digits: 2, operators: ['-'] })).toBe('53-61');
    // A multiplier is shown a product it can answer and measured at its own length, one more and twice.
    expect(CLI_FAMILIES.aligned.exampleQuestion({ digits: 3, operators: ['*'] })).toBe("'987*123'");
    expect(CLI_FAMILIES.aligned.evalFlags({ digits: 3, operators: ['*'] })).toBe(' --lengths 3,4,6');
    expect(CLI_FAMILIES.aligned.evalFlags({ digits: 10, operators: ['+'] })).toBe(' --lengths 10,100,1000,10000');
  });
});
