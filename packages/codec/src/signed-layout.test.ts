import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferSizeError, InvalidAnswerError, InvalidArgumentError, InvalidQuestionError } from './errors.js';
import { signedExampleLayout, signedFeedbackExampleLayout } from './example-layout.js';
import { SIGNED_FEEDBACK_INPUT_SIZE, SIGNED_INPUT_SIZE, SIGNED_OUTPUT_SIZE, SignedFeedbackLayout, SignedLayout } from './signed-layout.js';
import { parseSignedQuestion } from './signed-question.js';

const V = SIGNED_INPUT_SIZE;
const O = SIGNED_OUTPUT_SIZE;

/** The hot index among `values[start..start+n)`, checking it is exactly one-hot (or -1 for all zeros). */
function hot(values: ArrayLike<number>, start: number, n: number): number {
  let found = -1;
  for (let i = 0; i < n; i += 1) {
    const value = values[start + i];
    if (value === 1 && found === -1) found = i;
    else if (value !== 0) throw new Error(`values[${start}..${start + n}) is not one-hot`);
  }
  return found;
}

/** Probabilities `[steps, 12]` choosing `classes[t]` at each step with probability `high`. */
function probabilitiesFor(classes: ArrayLike<number>, high = 0.9): Float32Array {
  const buffer = new Float32Array(classes.length * O).fill((1 - high) / (O - 1));
  for (let t = 0; t < classes.length; t += 1) buffer[t * O + classes[t]!] = high;
  return buffer;
}

const digitsArb = fc.stringMatching(/^[0-9]{1,14}$/);
const questionArb = fc.tuple(digitsArb, fc.constantFrom('+', '-'), digitsArb).map(([a, op, b]) => `${a}${op}${b}`);

describe('SignedLayout', () => {
  it('parses + and - questions of any length and refuses other operators with the codec message', () => {
    expect(parseSignedQuestion('12-345')).toEqual({ left: '12', operator: '-', right: '345' });
    expect(parseSignedQuestion(`${'9'.repeat(5000)}+1`).right).toBe('1');
    expect(() => parseSignedQuestion('12*3')).toThrow(InvalidQuestionError);
    expect(() => parseSignedQuestion('-12+3')).toThrow(/empty left operand|position 0/);
    expect(() => SignedLayout.steps(['1+2', '3/4'])).toThrow(/questions\[1\]/);
  });

  it('lays out two passes of the same columns, the operator at every step and the sign in the second pass only', () => {
    const questions = ['305-41', '7+8'];
    const answers = ['264', '15'];
    const steps = SignedLayout.steps(questions);
    expect(steps).toBe(8); // 2 x (3 digits + 1)
    const inputs = SignedLayout.encodeQuestions(questions, steps, undefined, answers);
    expect(inputs.length).toBe(2 * steps * V);
    const column = (item: number, t: number) => (item * steps + t) * V;
    for (const pass of [0, 4]) {
      expect([0, 1, 2, 3].map((t) => hot(inputs, column(0, pass + t), 10))).toEqual([5, 0, 3, 0]);
      expect([0, 1, 2, 3].map((t) => hot(inputs, column(0, pass + t) + 10, 10))).toEqual([1, 4, 0, 0]);
      expect(hot(inputs, column(0, pass) + 20, 2)).toBe(1); // '-'
      expect(hot(inputs, column(1, pass) + 20, 2)).toBe(0); // '+'
    }
    expect(hot(inputs, column(0, 2) + 22, 2)).toBe(-1); // no sign in the first pass
    expect(hot(inputs, column(0, 5) + 22, 2)).toBe(0); // '+' given in the second pass
    const unsigned = SignedLayout.encodeQuestions(questions, steps);
    expect(hot(unsigned, column(0, 5) + 22, 2)).toBe(-1);
    SignedLayout.writeSign(unsigned, 0, steps, true);
    expect([4, 5, 6, 7].map((t) => hot(unsigned, column(0, t) + 22, 2))).toEqual([1, 1, 1, 1]);
  });

  it('labels the first pass with the sign of the question cut to its lowest columns, the second with the digits', () => {
    // 1000-999: columns (0,9) borrow, (0,9) borrow, (0,9) borrow, (1,0) no borrow, (0,0): + at the end.
    expect(Array.from(SignedLayout.encodeAnswers(['1'], 10, undefined, ['1000-999']))).toEqual([11, 11, 11, 10, 10, 1, 0, 0, 0, 0]);
    // 12-13 is -1: equal tens keep the units' borrow to the end.
    expect(Array.from(SignedLayout.encodeAnswers(['-1'], 6, undefined, ['12-13']))).toEqual([11, 11, 11, 1, 0, 0]);
    expect(Array.from(SignedLayout.encodeAnswers(['0'], 6, undefined, ['47-47']))).toEqual([10, 10, 10, 0, 0, 0]);
    const oneHot = SignedLayout.oneHotAnswers(['-1'], 6, undefined, ['12-13']);
    expect(Array.from({ length: 6 }, (_, t) => hot(oneHot, t * O, O))).toEqual([11, 11, 11, 1, 0, 0]);
  });

  it('refuses answers whose sign is not the question\'s, and answers without their questions', () => {
    expect(() => SignedLayout.encodeAnswers(['1'], 6, undefined, ['12-13'])).toThrow(InvalidAnswerError);
    expect(() => SignedLayout.encodeAnswers(['-0'], 6, undefined, ['12-12'])).toThrow(/negative zero/);
    expect(() => SignedLayout.encodeAnswers(['1'], 6)).toThrow(InvalidArgumentError);
    expect(() => SignedLayout.encodeAnswers(['1'], 5, undefined, ['12-11'])).toThrow(/at least 6/);
    expect(() => SignedLayout.encodeQuestions(['1+1'], 5)).toThrow(InvalidArgumentError);
    expect(() => SignedLayout.encodeQuestions(['1+1'], 4, new Float32Array(3))).toThrow(BufferSizeError);
  });

  it('reads back the labelled answer of any question, sign first (property)', () => {
    fc.assert(
      fc.property(fc.array(questionArb, { minLength: 1, maxLength: 6 }), (questions) => {
        const answers = questions.map((question) => SignedLayout.solve(question));
        const steps = SignedLayout.steps(questions);
        const classes = SignedLayout.encodeAnswers(answers, steps, undefined, questions);
        const probabilities = new Float32Array(questions.length * steps * O);
        questions.forEach((_, item) => probabilities.set(probabilitiesFor(classes.subarray(item * steps, (item + 1) * steps)), item * steps * O));
        expect(SignedLayout.decodeAnswers(probabilities, questions.length, steps)).toEqual(answers);
        questions.forEach((_, item) => expect(signedExampleLayout.answerText(classes.subarray(item * steps, (item + 1) * steps))).toBe(answers[item]));
        const decoded = SignedLayout.decodeBatch(probabilities, questions.length, steps);
        decoded.forEach((one, item) => {
          expect(one.answer).toBe(answers[item]);
          expect(one.confidence).toHaveLength(answers[item]!.length);
          expect(one.positions[0]!.character).toBe(answers[item]!.startsWith('-') ? '-' : '+');
          expect(one.positions).toHaveLength(1 + steps / 2);
        });
      }),
    );
  });

  it('never reads a negative zero, whatever the first pass says', () => {
    const classes = [11, 11, 0, 0];
    expect(SignedLayout.decodeAnswers(probabilitiesFor(classes), 1, 4)).toEqual(['0']);
    expect(SignedLayout.decodeAnswers(probabilitiesFor([11, 11, 7, 0]), 1, 4)).toEqual(['-7']);
  });

  it('is the aligned family\'s example layout for + and -: two passes of the batch\'s columns', () => {
    const questions = ['123+4', '5-67890'];
    expect(signedExampleLayout.shape(questions)).toEqual({ inputSteps: 12, inputSize: V, answerSteps: 12, answerSize: O });
    expect(signedExampleLayout.operators).toEqual(['+', '-']);
  });
});

describe('SignedFeedbackLayout', () => {
  const F = SIGNED_FEEDBACK_INPUT_SIZE;

  it('lays out the signed columns, the column before\'s digits and, given the answers, each step\'s true class of the step before in its pass', () => {
    const questions = ['305-41', '12-13'];
    const answers = ['264', '-1'];
    const steps = SignedFeedbackLayout.steps(questions);
    expect(steps).toBe(8);
    const inputs = SignedFeedbackLayout.encodeQuestions(questions, steps, undefined, answers);
    expect(inputs.length).toBe(2 * steps * F);
    const column = (item: number, t: number) => (item * steps + t) * F;
    // The first 24 values are the signed layout's.
    const plain = SignedLayout.encodeQuestions(questions, steps, undefined, answers);
    for (let item = 0; item < 2; item += 1) {
      for (let t = 0; t < steps; t += 1) expect(Array.from(inputs.subarray(column(item, t), column(item, t) + 24))).toEqual(Array.from(plain.subarray((item * steps + t) * V, (item * steps + t + 1) * V)));
    }
    // The column before's digits: none at either pass's first column. 305-41: columns (5,1), (0,4), (3,0), (0,0).
    for (const pass of [0, 4]) {
      expect([0, 1, 2, 3].map((t) => hot(inputs, column(0, pass + t) + 36, 10))).toEqual([-1, 5, 0, 3]);
      expect([0, 1, 2, 3].map((t) => hot(inputs, column(0, pass + t) + 46, 10))).toEqual([-1, 1, 4, 0]);
    }
    // The class of the step before: 305-41's labels are [+, -, +, +] then digits 4, 6, 2, 0;
    // 12-13's are [-, -, -, -] then 1, 0, 0, 0. Nothing at each pass's first column.
    const fed = (item: number) => Array.from({ length: steps }, (_, t) => hot(inputs, column(item, t) + 24, 12));
    expect(Array.from(SignedFeedbackLayout.encodeAnswers(answers, steps, undefined, questions))).toEqual([10, 11, 10, 10, 4, 6, 2, 0, 11, 11, 11, 11, 1, 0, 0, 0]);
    expect(fed(0)).toEqual([-1, 10, 11, 10, -1, 4, 6, 2]);
    expect(fed(1)).toEqual([-1, 11, 11, 11, -1, 1, 0, 0]);
    // Without answers nothing is fed: the forward pass lays out the model's own classes.
    const unfed = SignedFeedbackLayout.encodeQuestions(questions, steps);
    expect(Array.from({ length: steps }, (_, t) => hot(unfed, column(0, t) + 24, 12))).toEqual(new Array(steps).fill(-1));
    expect(hot(unfed, column(0, 5) + 36, 10)).toBe(5);
  });

  it('writeFeedback lays out the argmax of each step among its pass\'s classes, and says whether anything changed', () => {
    const questions = ['305-41'];
    const steps = 8;
    const inputs = SignedFeedbackLayout.encodeQuestions(questions, steps);
    // The first pass's argmax over all 12 classes would be a digit: only + and - are read there.
    const classes = [3, 11, 10, 10, 4, 6, 2, 0];
    const probabilities = probabilitiesFor(classes);
    probabilities[0 * O + 11] = 0.05;
    probabilities[0 * O + 10] = 0.02;
    expect(SignedFeedbackLayout.writeFeedback(probabilities, inputs, 0, steps)).toBe(true);
    expect(Array.from({ length: steps }, (_, t) => hot(inputs, t * F + 24, 12))).toEqual([-1, 11, 11, 10, -1, 4, 6, 2]);
    expect(SignedFeedbackLayout.writeFeedback(probabilities, inputs, 0, steps)).toBe(false);
    expect(SignedLayout.writeFeedback(probabilities, new Float32Array(steps * V), 0, steps)).toBe(false);
    expect(SignedFeedbackLayout.feedback).toEqual({ inputAt: 24, passClasses: [[10, 12], [0, 10]] });
    expect(SignedLayout.feedback).toBeUndefined();
  });

  it('is an example layout of 56 values in and 12 classes out, refusing answers of the wrong sign as the signed layout does', () => {
    expect(signedFeedbackExampleLayout.shape(['305-41', '7+8'])).toEqual({ inputSteps: 8, inputSize: 56, answerSteps: 8, answerSize: 12 });
    expect(() => signedFeedbackExampleLayout.encodeQuestions(['12-13'], 6, undefined, ['1'])).toThrow(InvalidAnswerError);
    expect(signedFeedbackExampleLayout.answerText([11, 11, 11, 1, 0, 0])).toBe('-1');
  });
});
