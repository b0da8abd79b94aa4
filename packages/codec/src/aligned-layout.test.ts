import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALIGNED_INPUT_SIZE,
  ALIGNED_MAX_DIGITS,
  ALIGNED_OUTPUT_SIZE,
  AlignedLayout,
  parseAlignedQuestion,
} from './aligned-layout.js';
import { Codec } from './codec.js';
import { AddrnnError, BufferSizeError, InvalidAnswerError, InvalidArgumentError, InvalidQuestionError } from './errors.js';

/** The digit one-hot in `values[start..start+10)`, checking it is exactly one-hot. */
function hotDigit(values: ArrayLike<number>, start: number): number {
  let hot = -1;
  for (let digit = 0; digit < 10; digit += 1) {
    const value = values[start + digit];
    if (value === 1 && hot === -1) hot = digit;
    else if (value !== 0) throw new Error(`values[${start}..${start + 10}) is not one-hot: ${Array.from({ length: 10 }, (_, at) => values[start + at]).join(',')}`);
  }
  if (hot === -1) throw new Error(`values[${start}..${start + 10}) has no 1`);
  return hot;
}

/** Reads an operand back from encoded columns: digits least significant first, joined most significant first. */
function readColumns(inputs: Float32Array, item: number, steps: number, shift: 0 | 10): string {
  const digits: number[] = [];
  for (let t = 0; t < steps; t += 1) digits.push(hotDigit(inputs, (item * steps + t) * ALIGNED_INPUT_SIZE + shift));
  return digits.reverse().join('');
}

/** A probability buffer `[steps, 10]` that puts `chosen` (a digit per step, least significant first) at `high`. */
function probabilitiesFor(chosenPerStep: number[], high = 0.9): Float32Array {
  const buffer = new Float32Array(chosenPerStep.length * 10).fill((1 - high) / 9);
  chosenPerStep.forEach((digit, t) => {
    buffer[t * 10 + digit] = high;
  });
  return buffer;
}

function expectError(call: () => unknown, type: abstract new (...args: never[]) => Error, ...parts: string[]): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(type);
  for (const part of parts) expect((thrown as Error).message).toContain(part);
}

describe('constants', () => {
  it('describe two one-hot digits in and one digit out', () => {
    expect(ALIGNED_INPUT_SIZE).toBe(20);
    expect(ALIGNED_OUTPUT_SIZE).toBe(10);
    expect(ALIGNED_MAX_DIGITS).toBe(1_000_000);
  });
});

describe('parseAlignedQuestion', () => {
  it('splits at "+" and keeps leading zeros', () => {
    expect(parseAlignedQuestion('007+12345678901234567890')).toEqual({ left: '007', operator: '+', right: '12345678901234567890' });
  });

  it('throws InvalidQuestionError with the same message as Codec.parseQuestion', () => {
    const codec = new Codec({ digits: 3, operators: ['+'] });
    // Messages that do not state the digit range are word for word the codec's.
    for (const question of ['12a+3', '1+2+3', '12 +3', '4*5', '1']) {
      let expected = '';
      try {
        codec.parseQuestion(question);
      } catch (error) {
        expected = (error as Error).message;
      }
      expect(expected).not.toBe('');
      expectError(() => parseAlignedQuestion(question), InvalidQuestionError, expected);
    }
    expectError(() => parseAlignedQuestion(''), InvalidQuestionError, 'invalid question "": it is empty', '1 to 1000000 digits');
    expectError(() => parseAlignedQuestion('+3'), InvalidQuestionError, 'empty left operand before the operator "+" at position 0');
    expectError(() => parseAlignedQuestion('3+'), InvalidQuestionError, 'empty right operand after the operator "+" at position 1');
    expectError(() => parseAlignedQuestion('5-3'), InvalidQuestionError, 'operator "-" at position 1 is not in this task', '"+"');
    expectError(() => parseAlignedQuestion(42), InvalidQuestionError, 'question must be a string', 'got 42');
  });

  it('accepts ALIGNED_MAX_DIGITS digits and rejects one more', () => {
    const longest = '9'.repeat(ALIGNED_MAX_DIGITS);
    expect(parseAlignedQuestion(`${longest}+1`).left).toHaveLength(ALIGNED_MAX_DIGITS);
    expectError(() => parseAlignedQuestion(`1+${longest}0`), InvalidQuestionError, `has ${ALIGNED_MAX_DIGITS + 1} digits`, 'right operand');
  }, 60_000);
});

describe('AlignedLayout.steps', () => {
  it('is the longest operand over all questions + 1, leading zeros counted', () => {
    expect(AlignedLayout.steps(['1+1'])).toBe(2);
    expect(AlignedLayout.steps(['123+4', '5+6789'])).toBe(5);
    expect(AlignedLayout.steps(['0001+2'])).toBe(5);
    expect(AlignedLayout.steps([])).toBe(1);
  });

  it('names the bad question', () => {
    expectError(() => AlignedLayout.steps(['1+1', '2-1']), InvalidQuestionError, 'questions[1]:', '"2-1"');
    expectError(() => AlignedLayout.steps('1+1' as never), InvalidQuestionError, 'questions must be an array', '"1+1"');
  });
});

describe('AlignedLayout.encodeQuestions', () => {
  it('puts the t-th digit from the right of each operand in column t, zeros past the end and in the carry column', () => {
    const questions = ['535+61', '7+0009', '0+0'];
    const steps = AlignedLayout.steps(questions);
    expect(steps).toBe(5);
    const inputs = AlignedLayout.encodeQuestions(questions);
    expect(inputs).toHaveLength(3 * steps * ALIGNED_INPUT_SIZE);
    expect(readColumns(inputs, 0, steps, 0)).toBe('00535');
    expect(readColumns(inputs, 0, steps, 10)).toBe('00061');
    expect(readColumns(inputs, 1, steps, 0)).toBe('00007');
    expect(readColumns(inputs, 1, steps, 10)).toBe('00009');
    expect(readColumns(inputs, 2, steps, 0)).toBe('00000');
    // Column 0 of '535+61' is 5 and 1.
    expect(hotDigit(inputs, 0)).toBe(5);
    expect(hotDigit(inputs, 10)).toBe(1);
  });

  it('pads to a larger steps and rejects a smaller one', () => {
    const inputs = AlignedLayout.encodeQuestions(['12+3'], 6);
    expect(inputs).toHaveLength(6 * 20);
    expect(readColumns(inputs, 0, 6, 0)).toBe('000012');
    expectError(() => AlignedLayout.encodeQuestions(['123+4'], 3), InvalidArgumentError, 'steps must be an integer of at least 4', 'got 3');
    expectError(() => AlignedLayout.encodeQuestions(['1+4'], 2.5), InvalidArgumentError, 'got 2.5');
    expectError(() => AlignedLayout.encodeQuestions(['1+4'], '3' as never), InvalidArgumentError, 'got "3"');
  });

  it('writes into out after zeroing it, and checks its type and size', () => {
    const out = new Float32Array(2 * 3 * 20).fill(7);
    const inputs = AlignedLayout.encodeQuestions(['12+34', '5+6'], undefined, out);
    expect(inputs).toBe(out);
    expect(readColumns(out, 0, 3, 0)).toBe('012');
    expect(readColumns(out, 1, 3, 10)).toBe('006');
    expectError(() => AlignedLayout.encodeQuestions(['1+1'], 2, new Float32Array(39)), BufferSizeError, 'out must have length 40', 'got length 39');
    expectError(() => AlignedLayout.encodeQuestions(['1+1'], 2, new Int32Array(40) as never), BufferSizeError, 'out must be a Float32Array');
  });

  it('names the question it cannot encode', () => {
    expectError(() => AlignedLayout.encodeQuestions(['1+1', '-1+2']), InvalidQuestionError, 'questions[1]:', 'position 0');
    expectError(() => AlignedLayout.encodeQuestions(['1+']), InvalidQuestionError, 'questions[0]:', 'empty right operand');
    expectError(() => AlignedLayout.encodeQuestions(['12x+1']), InvalidQuestionError, 'unexpected character "x" at position 2');
  });

  it('encodes a question of 10,000 digits a side', () => {
    const left = Array.from({ length: 10_000 }, (_, index) => String((index * 7 + 3) % 10)).join('');
    const right = '9'.repeat(9_999);
    const inputs = AlignedLayout.encodeQuestions([`${left}+${right}`]);
    expect(inputs).toHaveLength(10_001 * 20);
    expect(readColumns(inputs, 0, 10_001, 0)).toBe(`0${left}`);
    expect(readColumns(inputs, 0, 10_001, 10)).toBe(`00${right}`);
  }, 60_000);
});

describe('AlignedLayout.encodeAnswers and oneHotAnswers', () => {
  it('writes digits least significant first, zeros after', () => {
    const indices = AlignedLayout.encodeAnswers(['596', '0', '1000'], 4);
    expect(Array.from(indices)).toEqual([6, 9, 5, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const oneHot = AlignedLayout.oneHotAnswers(['596', '0', '1000'], 4);
    expect(oneHot).toHaveLength(3 * 4 * 10);
    for (let row = 0; row < 12; row += 1) expect(hotDigit(oneHot, row * 10)).toBe(indices[row]);
  });

  it('reuses out, zeroing it first', () => {
    const out = new Int32Array(3).fill(9);
    expect(AlignedLayout.encodeAnswers(['4'], 3, out)).toBe(out);
    expect(Array.from(out)).toEqual([4, 0, 0]);
    const hot = new Float32Array(20).fill(1);
    AlignedLayout.oneHotAnswers(['12'], 2, hot);
    expect(hotDigit(hot, 0)).toBe(2);
    expect(hotDigit(hot, 10)).toBe(1);
    expectError(() => AlignedLayout.encodeAnswers(['1'], 3, new Int32Array(4)), BufferSizeError, 'out must have length 3');
    expectError(() => AlignedLayout.oneHotAnswers(['1'], 3, new Float32Array(3)), BufferSizeError, 'out must have length 30');
  });

  it('rejects answers that are not non-negative numbers of at most steps digits', () => {
    expectError(() => AlignedLayout.encodeAnswers(['12', '-3'], 3), InvalidAnswerError, 'answers[1]:', '"-3"', 'no negative answers');
    expectError(() => AlignedLayout.encodeAnswers(['1a'], 3), InvalidAnswerError, 'answers[0]:', 'unexpected character "a" at position 1');
    expectError(() => AlignedLayout.encodeAnswers([''], 3), InvalidAnswerError, 'it is empty');
    expectError(() => AlignedLayout.encodeAnswers(['0012'], 5), InvalidAnswerError, 'leading zero');
    expectError(() => AlignedLayout.oneHotAnswers(['12345'], 4), InvalidAnswerError, 'it has 5 characters; expected at most 4');
    expectError(() => AlignedLayout.encodeAnswers('12' as never, 4), InvalidAnswerError, 'answers must be an array');
    expectError(() => AlignedLayout.encodeAnswers(['1'], 0), InvalidArgumentError, 'steps must be an integer of at least 1', 'got 0');
  });
});

describe('AlignedLayout.decodeBatch', () => {
  it('reads a hand-made buffer: argmax per step, most significant first, leading zeros stripped', () => {
    // Answer 0 is 596 over 4 steps (digits 6, 9, 5, 0 from the right); answer 1 is all zeros.
    const buffer = new Float32Array(2 * 4 * 10);
    buffer.set(probabilitiesFor([6, 9, 5, 0], 0.8), 0);
    buffer.set(probabilitiesFor([0, 0, 0, 0], 0.6), 40);
    const [first, second] = AlignedLayout.decodeBatch(buffer, 2, 4);
    expect(first!.answer).toBe('596');
    expect(first!.confidence).toHaveLength(3);
    for (const value of first!.confidence) expect(value).toBeCloseTo(0.8);
    expect(first!.positions.map((position) => position.character)).toEqual(['0', '5', '9', '6']);
    expect(first!.positions[0]!.probability).toBeCloseTo(0.8);
    expect(second!.answer).toBe('0');
    expect(second!.confidence).toHaveLength(1);
    expect(second!.confidence[0]).toBeCloseTo(0.6);
    expect(second!.positions).toHaveLength(4);
  });

  it('takes the first digit on a tie and reports the value as given', () => {
    const buffer = new Array(20).fill(0.1);
    buffer[3] = 0.4;
    buffer[7] = 0.4; // step 0: 3 and 7 tie, 3 wins
    buffer[10 + 2] = 0.5; // step 1: 2
    const [decoded] = AlignedLayout.decodeBatch(buffer, 1, 2);
    expect(decoded!.answer).toBe('23');
    expect(decoded!.confidence).toEqual([0.5, 0.4]);
  });

  it('decodes what encodeAnswers wrote, at 10,000 digits', () => {
    const answer = `1${'0'.repeat(4_998)}${'7'.repeat(5_001)}`;
    const decoded = AlignedLayout.decodeBatch(AlignedLayout.oneHotAnswers([answer, '5'], 10_001), 2, 10_001);
    expect(decoded[0]!.answer).toBe(answer);
    expect(decoded[1]!.answer).toBe('5');
    expect(decoded[1]!.positions).toHaveLength(10_001);
  }, 60_000);

  it('decodeAnswers gives the same answers without per-step objects, with the same checks', () => {
    const buffer = new Float32Array(2 * 4 * 10);
    buffer.set(probabilitiesFor([6, 9, 5, 0], 0.8), 0);
    buffer.set(probabilitiesFor([0, 0, 0, 0], 0.6), 40);
    expect(AlignedLayout.decodeAnswers(buffer, 2, 4)).toEqual(AlignedLayout.decodeBatch(buffer, 2, 4).map((decoded) => decoded.answer));
    expectError(() => AlignedLayout.decodeAnswers(new Float32Array(39), 1, 4), BufferSizeError, 'probabilities must have length 40');
    const bad = new Float32Array(20);
    bad[13] = Number.NaN;
    expectError(() => AlignedLayout.decodeAnswers(bad, 1, 2), InvalidAnswerError, 'probabilities[13] must be a finite number');
  });

  it('rejects wrong sizes and non-finite values', () => {
    expectError(() => AlignedLayout.decodeBatch(new Float32Array(39), 1, 4), BufferSizeError, 'probabilities must have length 40', 'got length 39');
    expectError(() => AlignedLayout.decodeBatch(new Float32Array(40), 2, 4), BufferSizeError, 'length 80');
    expectError(() => AlignedLayout.decodeBatch(new Float32Array(40), -1, 4), BufferSizeError, 'count must be a non-negative integer');
    expectError(() => AlignedLayout.decodeBatch(null as never, 1, 4), BufferSizeError, 'probabilities must be an array-like');
    expectError(() => AlignedLayout.decodeBatch(new Float32Array(40), 1, 0), InvalidArgumentError, 'steps must be an integer of at least 1');
    const buffer = new Float32Array(20);
    buffer[13] = Number.NaN;
    expectError(() => AlignedLayout.decodeBatch(buffer, 1, 2), InvalidAnswerError, 'probabilities[13] must be a finite number', 'NaN');
  });
});

describe('AlignedLayout.solve', () => {
  it('adds, whatever the lengths, the carry column filled by the final carry', () => {
    const steps = AlignedLayout.steps(['999+1', '99+9']);
    expect(Array.from(AlignedLayout.encodeAnswers([AlignedLayout.solve('999+1'), AlignedLayout.solve('12+3')], steps))).toEqual([0, 0, 0, 1, 5, 1, 0, 0]);
    expect(AlignedLayout.solve('535+61')).toBe('596');
    expect(AlignedLayout.solve('0000+0')).toBe('0');
    expect(AlignedLayout.solve('007+3')).toBe('10');
    expect(AlignedLayout.solve(`${'9'.repeat(10_000)}+1`)).toBe(`1${'0'.repeat(10_000)}`);
    expectError(() => AlignedLayout.solve('5*3'), InvalidQuestionError, 'operator "*"');
  });
});

const digitString = (max: number) => fc.stringMatching(new RegExp(`^[0-9]{1,${max}}$`));

describe('AlignedLayout (property)', () => {
  it('encoded questions read back as their operands, and the encoded BigInt sum decodes to itself with the carry in the last step', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(digitString(40), digitString(40)), { minLength: 1, maxLength: 5 }), (pairs) => {
        const questions = pairs.map(([left, right]) => `${left}+${right}`);
        const steps = AlignedLayout.steps(questions);
        const inputs = AlignedLayout.encodeQuestions(questions);
        const answers = pairs.map(([left, right]) => (BigInt(left) + BigInt(right)).toString());
        pairs.forEach(([left, right], item) => {
          expect(BigInt(readColumns(inputs, item, steps, 0))).toBe(BigInt(left));
          expect(BigInt(readColumns(inputs, item, steps, 10))).toBe(BigInt(right));
          expect(AlignedLayout.solve(questions[item]!)).toBe(answers[item]);
        });
        // The sum always fits; the last step holds the final carry: 1 exactly when the sum is `steps` digits long.
        const indices = AlignedLayout.encodeAnswers(answers, steps);
        answers.forEach((answer, item) => expect(indices[item * steps + steps - 1]).toBe(answer.length === steps ? 1 : 0));
        const decoded = AlignedLayout.decodeBatch(AlignedLayout.oneHotAnswers(answers, steps), answers.length, steps);
        expect(decoded.map((answer) => answer.answer)).toEqual(answers);
      }),
      { numRuns: 100 },
    );
  });
});

describe('AlignedLayout on wrong arguments', () => {
  it('throws only coded AddrnnErrors, never a raw TypeError or RangeError', () => {
    const values: unknown[] = [undefined, null, 0, -1, 1.5, 3, 1e15, Number.NaN, '', '1+1', [], ['1+1'], ['1+1', 7], [null], {}, { length: 3 }, new Float32Array(2), new Int32Array(4), () => 1, Symbol('s'), 10n, true];
    const methods = ['steps', 'encodeQuestions', 'encodeAnswers', 'oneHotAnswers', 'decodeBatch', 'solve'] as const;
    const raw: string[] = [];
    for (const method of methods) {
      for (const a of values) {
        for (const b of [undefined, ...values]) {
          for (const c of [undefined, new Float32Array(40), 2]) {
            try {
              (AlignedLayout[method] as (...args: unknown[]) => unknown)(a, b, c);
            } catch (error) {
              if (!AddrnnError.isInstance(error)) raw.push(`${method}: ${(error as Error).name}: ${(error as Error).message}`);
            }
          }
        }
      }
    }
    expect(raw).toEqual([]);
  }, 60_000);
});
