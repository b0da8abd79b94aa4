import { describe, expect, it } from 'vitest';
import { expectAddrnnError } from '../test/expect-addrnn-error.js';
import { Codec } from './codec.js';
import type { CodecConfig } from './codec-config.js';
import { InvalidOptionError, VocabularyMismatchError } from './errors.js';

const saved: CodecConfig = {
  digits: 3,
  operators: ['+'],
  reverseQuestion: true,
  reverseAnswer: false,
  vocabulary: [' ', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
};

const fromConfig = (config: unknown) => () => Codec.fromConfig(config as CodecConfig);

describe('Codec.fromConfig and toConfig', () => {
  it('round-trips through JSON', () => {
    const codec = new Codec({ digits: 4, operators: ['*', '-'], reverseQuestion: false, reverseAnswer: true });
    const config = JSON.parse(JSON.stringify(codec.toConfig())) as CodecConfig;
    expect(config).toEqual({
      digits: 4,
      operators: ['*', '-'],
      reverseQuestion: false,
      reverseAnswer: true,
      vocabulary: [' ', '*', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    });
    const restored = Codec.fromConfig(config);
    expect(restored.toConfig()).toEqual(codec.toConfig());
    expect(restored.encodeQuestion('12*3')).toEqual(codec.encodeQuestion('12*3'));
  });

  it('reads a saved Keras-style configuration', () => {
    const codec = Codec.fromConfig(saved);
    expect(codec.vocabularySize).toBe(12);
    expect(codec.answerLength).toBe(4);
  });

  it('hands out copies, so editing a config does not change the codec', () => {
    const codec = Codec.fromConfig(saved);
    const config = codec.toConfig();
    config.vocabulary.reverse();
    config.operators.push('-');
    expect(codec.vocabulary[0]).toBe(' ');
    expect(codec.operators).toEqual(['+']);
  });

  it('rejects a vocabulary in another order', () => {
    const swapped = { ...saved, vocabulary: ['+', ' ', ...saved.vocabulary.slice(2)] };
    expectAddrnnError(
      fromConfig(swapped),
      VocabularyMismatchError,
      'VOCABULARY_MISMATCH',
      'config.vocabulary "+ 0123456789" does not match " +0123456789", the vocabulary of digits 3, operators "+": at index 0 it has "+" where " " is expected',
    );
  });

  it('rejects a vocabulary with characters missing or added', () => {
    expectAddrnnError(fromConfig({ ...saved, operators: ['+', '-'] }), VocabularyMismatchError, 'VOCABULARY_MISMATCH', /at index 2 it has "0" where "-" is expected/);
    expectAddrnnError(fromConfig({ ...saved, vocabulary: [...saved.vocabulary, 'x'] }), VocabularyMismatchError, 'VOCABULARY_MISMATCH', /at index 12 it has "x" where undefined is expected/);
  });

  it('rejects missing fields', () => {
    const { reverseAnswer: _, ...withoutFlag } = saved;
    expectAddrnnError(fromConfig(withoutFlag), InvalidOptionError, 'INVALID_OPTION', /^config\.reverseAnswer is missing; a saved codec configuration lists digits, operators, reverseQuestion, reverseAnswer and vocabulary$/);
    const { vocabulary: __, ...withoutVocabulary } = saved;
    expectAddrnnError(fromConfig(withoutVocabulary), InvalidOptionError, 'INVALID_OPTION', /^config\.vocabulary is missing/);
  });

  it('rejects invalid fields, naming them under config', () => {
    expectAddrnnError(fromConfig({ ...saved, digits: 99 }), InvalidOptionError, 'INVALID_OPTION', 'config.digits must be an integer from 1 to 15, got 99');
    expectAddrnnError(fromConfig({ ...saved, operators: ['%'] }), InvalidOptionError, 'INVALID_OPTION', 'config.operators[0] must be one of "+", "-", "*", got "%"');
    expectAddrnnError(fromConfig({ ...saved, vocabulary: 'abc' }), InvalidOptionError, 'INVALID_OPTION', 'config.vocabulary must be an array of single-character strings, got "abc"');
    expectAddrnnError(fromConfig({ ...saved, vocabulary: [1, 2] }), InvalidOptionError, 'INVALID_OPTION', 'config.vocabulary must be an array of single-character strings, got [1,2]');
    expectAddrnnError(fromConfig({ ...saved, extra: 1 }), InvalidOptionError, 'INVALID_OPTION', 'unknown option config.extra in config; expected digits, operators, reverseQuestion, reverseAnswer, vocabulary');
  });

  it('rejects a config that is not an object', () => {
    expectAddrnnError(fromConfig(null), InvalidOptionError, 'INVALID_OPTION', 'config must be an object (a CodecConfig), got null');
    expectAddrnnError(fromConfig('{}'), InvalidOptionError, 'INVALID_OPTION', 'config must be an object (a CodecConfig), got "{}"');
  });
});
