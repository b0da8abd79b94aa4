import { describe, expect, it } from 'vitest';
import { expectAddrnnError } from '../test/expect-addrnn-error.js';
import { Codec } from './codec.js';
import { BufferSizeError, InvalidAnswerError, InvalidOptionError, InvalidQuestionError } from './errors.js';

const keras = new Codec({ digits: 3 });
const text = (codec: Codec, indices: ArrayLike<number>) =>
  Array.from(indices, (index) => codec.vocabulary[index]).join('');

/** One-hot scores that pick `characters` slot by slot, with `probability` on the chosen one. */
function scores(codec: Codec, characters: string, probability = 0.9): Float32Array {
  const size = codec.vocabularySize;
  const out = new Float32Array(codec.answerLength * size).fill((1 - probability) / (size - 1));
  [...characters].forEach((character, slot) => {
    out[slot * size + codec.vocabulary.indexOf(character)] = probability;
  });
  return out;
}

describe('Codec', () => {
  describe('shape', () => {
    it('defaults to the Keras addition_rnn task', () => {
      const codec = new Codec();
      expect(codec.digits).toBe(5);
      expect(codec.operators).toEqual(['+']);
      expect(codec.reverseQuestion).toBe(true);
      expect(codec.reverseAnswer).toBe(false);
      expect(codec.vocabulary.join('')).toBe(' +0123456789');
      expect(codec.vocabularySize).toBe(12);
      expect(codec.questionLength).toBe(11);
      expect(codec.answerLength).toBe(6);
      expect(codec.padding).toBe(' ');
    });

    it('sizes answers for the longest operator', () => {
      expect(new Codec({ digits: 3, operators: ['-'] }).answerLength).toBe(4);
      expect(new Codec({ digits: 3, operators: ['*'] }).answerLength).toBe(6);
      expect(new Codec({ digits: 1, operators: ['*'] }).answerLength).toBe(2);
      expect(new Codec({ digits: 3, operators: ['+', '*'] }).answerLength).toBe(6);
      expect(new Codec({ digits: 15, operators: ['*'] }).answerLength).toBe(30);
    });

    it('fits the longest answer of every operator', () => {
      const codec = new Codec({ digits: 2, operators: ['+', '-', '*'] });
      for (const question of ['99+99', '0-99', '99*99']) {
        expect(codec.solve(question).length).toBeLessThanOrEqual(codec.answerLength);
      }
      expect(new Codec({ digits: 1, operators: ['-'] }).encodeAnswer('-9')).toHaveLength(2);
    });

    it('rejects invalid options with the contract’s message', () => {
      expectAddrnnError(() => new Codec({ digits: 0 }), InvalidOptionError, 'INVALID_OPTION', /^digits must be an integer from 1 to 15, got 0$/);
      expectAddrnnError(() => new Codec({ operators: [] }), InvalidOptionError, 'INVALID_OPTION', /^operators must be a non-empty array/);
    });
  });

  describe('solve and parseQuestion', () => {
    it('answers exactly', () => {
      const codec = new Codec({ digits: 3, operators: ['+', '-', '*'] });
      expect(codec.solve('535+61')).toBe('596');
      expect(codec.solve('3-10')).toBe('-7');
      expect(codec.solve('999*999')).toBe('998001');
      expect(codec.parseQuestion('12*3')).toEqual({ left: '12', operator: '*', right: '3' });
    });

    it('rejects questions the task cannot ask', () => {
      expectAddrnnError(() => keras.solve('53a+1'), InvalidQuestionError, 'INVALID_QUESTION', 'invalid question "53a+1": unexpected character "a" at position 2; expected digits 0-9 and one operator from "+"');
      expectAddrnnError(() => keras.solve('2*3'), InvalidQuestionError, 'INVALID_QUESTION', /operator "\*" at position 1 is not in this task/);
    });
  });

  describe('questions', () => {
    it('pads on the right, then reverses the whole padded question (Keras)', () => {
      expect(text(keras, keras.encodeQuestion('535+61'))).toBe(' 16+535');
      expect(keras.encodeQuestion('535+61')).toBeInstanceOf(Int32Array);
    });

    it('only pads when reverseQuestion is off', () => {
      const codec = new Codec({ digits: 3, reverseQuestion: false });
      expect(text(codec, codec.encodeQuestion('535+61'))).toBe('535+61 ');
      expect(codec.decodeQuestion(codec.encodeQuestion('535+61'))).toBe('535+61');
    });

    it('decodes indices back to the question', () => {
      expect(keras.decodeQuestion(keras.encodeQuestion('1+2'))).toBe('1+2');
      expect(keras.decodeQuestion([0, 0, 0, 4, 1, 3, 2])).toBe('01+2');
    });

    it('writes one-hot rows [questionLength, vocabularySize]', () => {
      const rows = keras.oneHotQuestions(['1+2']);
      expect(rows).toHaveLength(7 * 12);
      const chosen = Array.from({ length: 7 }, (_, slot) => rows.subarray(slot * 12, slot * 12 + 12).indexOf(1));
      expect(chosen).toEqual(Array.from(keras.encodeQuestion('1+2')));
      expect(rows.reduce((sum, value) => sum + value, 0)).toBe(7);
    });

    it('writes a batch [count, questionLength, vocabularySize] into one buffer, clearing old values', () => {
      const out = new Float32Array(2 * 7 * 12).fill(5);
      expect(keras.oneHotQuestions(['1+2', '999+999'], out)).toBe(out);
      expect(out.subarray(0, 84)).toEqual(keras.oneHotQuestions(['1+2']));
      expect(out.subarray(84)).toEqual(keras.oneHotQuestions(['999+999']));
      expect(keras.oneHotQuestions([])).toHaveLength(0);
    });

    it('lays out a batch of questions row by row, each exactly as encodeQuestion does', () => {
      const rows = keras.oneHotQuestions(['5+5', '999+1']);
      const second = Array.from({ length: 7 }, (_, slot) => rows.subarray(84 + slot * 12, 84 + slot * 12 + 12).indexOf(1));
      expect(second).toEqual(Array.from(keras.encodeQuestion('999+1')));
    });
  });

  describe('answers', () => {
    it('pads answers on the right', () => {
      expect(text(keras, keras.encodeAnswer('596'))).toBe('596 ');
      expect(keras.decodeAnswer(keras.encodeAnswer('596'))).toBe('596');
    });

    it('with reverseAnswer, reverses the characters and then pads on the right', () => {
      const codec = new Codec({ digits: 3, operators: ['-'], reverseAnswer: true });
      expect(text(codec, codec.encodeAnswer('596'))).toBe('695 ');
      expect(text(codec, codec.encodeAnswer('-7'))).toBe('7-  ');
      expect(codec.decodeAnswer(codec.encodeAnswer('-7'))).toBe('-7');
    });

    it('decodes whatever a model wrote without validating it', () => {
      expect(keras.decodeAnswer([3, 0, 4, 0])).toBe('1 2');
      expect(keras.decodeAnswer([1, 1, 0, 0])).toBe('++');
      expect(keras.decodeAnswer([0, 0, 0, 0])).toBe('');
      const minus = new Codec({ digits: 3, operators: ['-'] });
      expect(minus.decodeAnswer([1, 1, 0, 0])).toBe('--');
    });

    it('writes one-hot answers singly and in batches', () => {
      const rows = keras.oneHotAnswer('596');
      expect(rows).toHaveLength(4 * 12);
      const out = new Float32Array(2 * 48);
      keras.oneHotAnswers(['596', '0'], out);
      expect(out.subarray(0, 48)).toEqual(rows);
      expect(out.subarray(48)).toEqual(keras.oneHotAnswer('0'));
      const atOffset = new Float32Array(96).fill(3);
      keras.oneHotAnswer('0', atOffset, 48);
      expect(atOffset.subarray(48)).toEqual(keras.oneHotAnswer('0'));
      expect(keras.encodeAnswers(['596', '0'])).toEqual(new Int32Array([...keras.encodeAnswer('596'), ...keras.encodeAnswer('0')]));
      expect(keras.oneHotAnswer('0', undefined, 0)).toEqual(keras.oneHotAnswer('0'));
    });

    it('writes a batch of answer indices into a given buffer, overwriting what it held', () => {
      const into = new Int32Array(8).fill(9);
      expect(keras.encodeAnswers(['596', '0'], into)).toBe(into);
      expect(into).toEqual(new Int32Array([7, 11, 8, 0, 2, 0, 0, 0]));
      expect(keras.encodeAnswers([])).toHaveLength(0);
    });

    it('rejects answers the task cannot produce', () => {
      expectAddrnnError(() => keras.encodeAnswer('-7'), InvalidAnswerError, 'INVALID_ANSWER', /^invalid answer "-7": sign "-" at position 0, but this task \(digits 3, operators "\+"\) has no negative answers/);
      expectAddrnnError(() => keras.oneHotAnswer('12345'), InvalidAnswerError, 'INVALID_ANSWER', /it has 5 characters; expected at most 4/);
      expectAddrnnError(() => keras.oneHotAnswers(['1', '1 2']), InvalidAnswerError, 'INVALID_ANSWER', /^answers\[1\]: invalid answer "1 2": unexpected character " " at position 1/);
      expectAddrnnError(() => keras.encodeAnswers(['x']), InvalidAnswerError, 'INVALID_ANSWER', /^answers\[0\]: invalid answer "x"/);
      expectAddrnnError(() => keras.encodeAnswers('1' as unknown as string[]), InvalidAnswerError, 'INVALID_ANSWER', 'answers must be an array of strings, got "1"');
    });
  });

  describe('decodeAnswerProbabilities', () => {
    it('takes the argmax per slot and reports probabilities in reading order', () => {
      const decoded = keras.decodeAnswerProbabilities(scores(keras, '596 ', 0.8));
      expect(decoded.answer).toBe('596');
      expect(decoded.confidence.map((value) => Math.round(value * 10) / 10)).toEqual([0.8, 0.8, 0.8]);
      expect(decoded.positions.map((position) => position.character)).toEqual(['5', '9', '6', ' ']);
    });

    it('undoes answer reversal', () => {
      const codec = new Codec({ digits: 3, operators: ['-'], reverseAnswer: true });
      const probabilities = scores(codec, '7-  ');
      probabilities[0 * codec.vocabularySize + codec.vocabulary.indexOf('7')] = 0.6;
      const decoded = codec.decodeAnswerProbabilities(probabilities);
      expect(decoded.answer).toBe('-7');
      expect(decoded.confidence[1]).toBeCloseTo(0.6);
      expect(decoded.positions.map((position) => position.character).join('')).toBe('  -7');
    });

    it('decodes garbage as written', () => {
      expect(keras.decodeAnswerProbabilities(scores(keras, '1 2 ')).answer).toBe('1 2');
      expect(keras.decodeAnswerProbabilities(scores(keras, '++++')).answer).toBe('++++');
    });

    it('takes the first of equal scores and accepts logits and plain arrays', () => {
      expect(keras.decodeAnswerProbabilities(new Array<number>(48).fill(0)).answer).toBe('');
      const logits = Array.from(scores(keras, '42  '), (value) => Math.log(value) - 10);
      expect(keras.decodeAnswerProbabilities(logits).answer).toBe('42');
    });

    it('reads one answer at an offset and a batch', () => {
      const batch = new Float32Array([...scores(keras, '1   '), ...scores(keras, '23  ')]);
      expect(keras.decodeAnswerProbabilities(batch, 48).answer).toBe('23');
      expect(keras.decodeAnswerBatch(batch, 2).map((decoded) => decoded.answer)).toEqual(['1', '23']);
      expect(keras.decodeAnswerBatch(new Float32Array(0), 0)).toEqual([]);
    });

    it('rejects scores that are not finite numbers', () => {
      const probabilities = scores(keras, '1   ');
      probabilities[13] = Number.NaN;
      expectAddrnnError(() => keras.decodeAnswerProbabilities(probabilities), InvalidAnswerError, 'INVALID_ANSWER', 'probabilities[13] must be a finite number, got NaN; did the model diverge?');
    });
  });

  describe('buffer checks', () => {
    const bad = (run: () => unknown, message: RegExp | string) => expectAddrnnError(run, BufferSizeError, 'BUFFER_SIZE', message);

    it('rejects out buffers of the wrong length, type or offset', () => {
      bad(() => keras.oneHotAnswer('1', new Float32Array(47)), 'out must have length 48 ([answerLength 4, vocabularySize 12]), got length 47');
      bad(() => keras.oneHotAnswer('1', new Float32Array(100)), 'out must have length 48 ([answerLength 4, vocabularySize 12]), got length 100');
      bad(() => keras.oneHotAnswer('1', new Float32Array(100), 60), 'out of length 100 has no room for 48 values ([answerLength 4, vocabularySize 12]) at offset 60; expected offset at most 52');
      bad(() => keras.oneHotAnswer('1', new Float32Array(48), -1), 'offset must be a non-negative integer (an index into out), got -1');
      bad(() => keras.oneHotAnswer('1', new Float32Array(48), 0.5), /got 0\.5$/);
      bad(() => keras.oneHotAnswer('1', undefined, 3), 'offset 3 needs an out buffer to write into; without out a new buffer of one answer is returned');
      bad(() => keras.oneHotAnswer('1', new Float64Array(48) as unknown as Float32Array), 'out must be a Float32Array, got a Float64Array of length 48');
      bad(() => keras.oneHotQuestions(['1+2'], new Float64Array(84) as unknown as Float32Array), 'out must be a Float32Array, got a Float64Array of length 84');
      bad(() => keras.oneHotQuestions(['1+2'], new Float32Array(168)), 'out must have length 84 (1 x [questionLength 7, vocabularySize 12]), got length 168');
      bad(() => keras.oneHotAnswers(['1', '2'], new Float32Array(48)), 'out must have length 96 (2 x [answerLength 4, vocabularySize 12]), got length 48');
      bad(() => keras.encodeAnswers(['1'], new Int32Array(3)), 'out must have length 4 (1 x [answerLength 4]), got length 3');
      bad(() => keras.encodeAnswers(['1'], new Float32Array(4) as unknown as Int32Array), 'out must be an Int32Array, got a Float32Array of length 4');
    });

    it('validates the text before touching the buffer', () => {
      const out = new Float32Array(2 * 84).fill(9);
      expect(() => keras.oneHotQuestions(['1+2', 'x'], out)).toThrow(/^questions\[1\]: invalid question "x"/);
      expect(out.every((value) => value === 9)).toBe(true);
      expectAddrnnError(() => keras.oneHotQuestions('1+2' as unknown as string[]), InvalidQuestionError, 'INVALID_QUESTION', 'questions must be an array of strings, got "1+2"');
      expectAddrnnError(() => keras.oneHotQuestions([5 as unknown as string]), InvalidQuestionError, 'INVALID_QUESTION', 'questions[0]: question must be a string like "535+61", got 5');
      expectAddrnnError(() => keras.oneHotQuestions(['1+2+3'], new Float32Array(1)), InvalidQuestionError, 'INVALID_QUESTION', /second operator/);
      expectAddrnnError(() => keras.oneHotAnswer('1+2', new Float32Array(1)), InvalidAnswerError, 'INVALID_ANSWER', /unexpected character "\+" at position 1/);
    });

    it('rejects probability buffers of the wrong shape', () => {
      bad(() => keras.decodeAnswerProbabilities(new Float32Array(47)), 'probabilities must have length 48 ([answerLength 4, vocabularySize 12]), got length 47');
      bad(() => keras.decodeAnswerProbabilities(new Float32Array(96), 49), /no room for 48 values .* at offset 49; expected offset at most 48/);
      bad(() => keras.decodeAnswerBatch(new Float32Array(96), 3), 'probabilities must have length 144 (3 x [answerLength 4, vocabularySize 12]), got length 96');
      bad(() => keras.decodeAnswerBatch(new Float32Array(96), -1), 'count must be a non-negative integer, got -1');
      bad(() => keras.decodeAnswerProbabilities(null as unknown as number[]), 'probabilities must be an array-like of numbers (a typed array or number[]), got null');
      bad(() => keras.decodeAnswerBatch(5 as unknown as number[], 1), /probabilities must be an array-like of numbers .*, got 5/);
    });

    it('rejects index arrays of the wrong length or with indices outside the vocabulary', () => {
      bad(() => keras.decodeQuestion([0, 0]), 'indices must have length 7 ([questionLength 7]), got length 2');
      bad(() => keras.decodeAnswer([0]), 'indices must have length 4 ([answerLength 4]), got length 1');
      expectAddrnnError(() => keras.decodeQuestion([0, 0, 0, 0, 0, 0, 12]), InvalidQuestionError, 'INVALID_QUESTION', 'indices[6] must be an integer from 0 to 11 (an index into the vocabulary), got 12');
      expectAddrnnError(() => keras.decodeAnswer([0, -1, 0, 0]), InvalidAnswerError, 'INVALID_ANSWER', 'indices[1] must be an integer from 0 to 11 (an index into the vocabulary), got -1');
      expectAddrnnError(() => keras.decodeAnswer([0, 0, 1.5, 0]), InvalidAnswerError, 'INVALID_ANSWER', /^indices\[2\] must be an integer from 0 to 11 .*, got 1\.5$/);
    });
  });
});

describe('Codec.isInstance and Codec.from', () => {
  it('recognise a codec of another copy of the package and rebuild it as one of this copy', async () => {
    // @ts-expect-error: TypeScript has no declarations for a module path with a query.
    const copy = (await import('./codec.js?second-copy')) as typeof import('./codec.js');
    expect(copy.Codec).not.toBe(Codec);
    const foreign = new copy.Codec({ digits: 3, operators: ['+', '-'] });
    expect(foreign instanceof Codec).toBe(false);
    expect(Codec.isInstance(foreign)).toBe(true);
    const local = Codec.from(foreign);
    expect(local).toBeInstanceOf(Codec);
    expect(local.toConfig()).toEqual(foreign.toConfig());
    expect(local.encodeQuestion('12-345')).toEqual(foreign.encodeQuestion('12-345'));
  });

  it('return a codec of this copy as it is, and make one from options', () => {
    const codec = new Codec({ digits: 2 });
    expect(Codec.isInstance(codec)).toBe(true);
    expect(Codec.from(codec)).toBe(codec);
    expect(Codec.from({ digits: 4 }).digits).toBe(4);
    expect(Codec.from().digits).toBe(5);
    for (const value of [{ digits: 2 }, codec.toConfig(), null, undefined, 'codec']) expect(Codec.isInstance(value)).toBe(false);
    expect(() => Codec.from({ digits: 2, vocabulary: [] } as never)).toThrow(InvalidOptionError);
  });
});

describe('a codec-like object without the marker', () => {
  it('is refused with a hint to rebuild it from its config, not only "unknown option vocabulary"', () => {
    // What an older copy of the package, made before the marker, looks like to this one.
    const { digits, operators, reverseQuestion, reverseAnswer, vocabulary, vocabularySize, questionLength, answerLength } = new Codec({ digits: 2 });
    const old = { digits, operators, reverseQuestion, reverseAnswer, vocabulary, vocabularySize, questionLength, answerLength };
    expect(() => Codec.from(old as never)).toThrow(InvalidOptionError);
    expect(() => Codec.from(old as never)).toThrow(
      'unknown option vocabulary in options; expected digits, operators, reverseQuestion, reverseAnswer; this looks like a Codec from another version of @addrnn/codec: pass Codec.fromConfig(codec.toConfig()) instead',
    );
    expect(() => new Codec({ digits: 2, colour: 'red' } as never)).toThrow(/^unknown option colour in options; expected digits, operators, reverseQuestion, reverseAnswer$/);
  });
});
