import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlignedLayout } from './aligned-layout.js';
import { BufferSizeError, InvalidAnswerError, InvalidArgumentError, InvalidQuestionError } from './errors.js';
import { productExampleLayout } from './example-layout.js';
import { parseProductQuestion, PRODUCT_INPUT_SIZE, PRODUCT_MAX_DIGITS, PRODUCT_OUTPUT_SIZE, ProductLayout } from './product-layout.js';

/** The digit pairs of column `k` of an encoded question, as `a*b` strings with their counts, sorted. */
function pairsIn(inputs: Float32Array, item: number, steps: number, k: number): string[] {
  const pairs: string[] = [];
  for (let pair = 0; pair < PRODUCT_INPUT_SIZE; pair += 1) {
    const count = inputs[(item * steps + k) * PRODUCT_INPUT_SIZE + pair]!;
    for (let n = 0; n < count; n += 1) pairs.push(`${Math.floor(pair / 10)}*${pair % 10}`);
  }
  return pairs.sort();
}

/** The pairs `(a_i, b_j)` with `i + j = k`, digits from the right, written out by hand. */
function expectedPairs(left: string, right: string, k: number): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < left.length; i += 1) {
    const j = k - i;
    if (j >= 0 && j < right.length) pairs.push(`${left[left.length - 1 - i]}*${right[right.length - 1 - j]}`);
  }
  return pairs.sort();
}

describe('ProductLayout', () => {
  it('has 100 pair counts in and 10 digits out per column, and as many columns as both operands have digits', () => {
    expect([PRODUCT_INPUT_SIZE, PRODUCT_OUTPUT_SIZE, PRODUCT_MAX_DIGITS]).toEqual([100, 10, 1000]);
    expect(ProductLayout.steps(['12*345', '9*9'])).toBe(5);
    expect(ProductLayout.stepsOfOne('12*345')).toBe(5);
    expect(productExampleLayout.shape(['7*8', '99*999'])).toEqual({ inputSteps: 5, inputSize: 100, answerSteps: 5, answerSize: 10 });
  });

  it('lays out 47*385 column by column: 7*5; 7*8 and 4*5; 7*3 and 4*8; 4*3; nothing', () => {
    const inputs = ProductLayout.encodeQuestions(['47*385'], 6);
    expect([0, 1, 2, 3, 4, 5].map((k) => pairsIn(inputs, 0, 6, k))).toEqual([['7*5'], ['4*5', '7*8'], ['4*8', '7*3'], ['4*3'], [], []]);
  });

  it('counts a pair that occurs twice in a column: 11*11 has 1*1 twice in its middle column', () => {
    const inputs = ProductLayout.encodeQuestions(['11*11']);
    expect(inputs[(0 * 4 + 1) * 100 + 11]).toBe(2);
    expect(pairsIn(inputs, 0, 4, 1)).toEqual(['1*1', '1*1']);
  });

  it('holds every digit pair of every column and nothing else, for any operands (property)', () => {
    const operand = fc.stringMatching(/^\d{1,6}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(operand, operand), { minLength: 1, maxLength: 4 }), fc.nat(3), (pairs, extra) => {
        const questions = pairs.map(([left, right]) => `${left}*${right}`);
        const steps = ProductLayout.steps(questions) + extra;
        const inputs = ProductLayout.encodeQuestions(questions, steps);
        pairs.forEach(([left, right], item) => {
          for (let k = 0; k < steps; k += 1) expect(pairsIn(inputs, item, steps, k)).toEqual(expectedPairs(left, right, k));
        });
      }),
    );
  });

  it("writes and reads answers as the adder's layout does, least significant first", () => {
    const answers = ['56088', '0', '81'];
    expect(Array.from(ProductLayout.encodeAnswers(answers, 5))).toEqual(Array.from(AlignedLayout.encodeAnswers(answers, 5)));
    const probabilities = ProductLayout.oneHotAnswers(answers, 5);
    expect(ProductLayout.decodeAnswers(probabilities, 3, 5)).toEqual(answers);
    expect(productExampleLayout.answerText([8, 8, 0, 6, 5])).toBe('56088');
  });

  it('solves exactly, beyond the doubles', () => {
    expect(ProductLayout.solve('47*385')).toBe('18095');
    expect(ProductLayout.solve('999999999999*999999999999')).toBe((999999999999n * 999999999999n).toString());
  });

  it('refuses other operators, too long operands, too few steps and wrong buffers, naming the value', () => {
    expect(() => parseProductQuestion('12+34')).toThrow(InvalidQuestionError);
    expect(() => ProductLayout.steps(['12*34', '5+6'])).toThrow(/questions\[1\].*"\+"/);
    expect(() => ProductLayout.steps(['1'.repeat(PRODUCT_MAX_DIGITS + 1) + '*2'])).toThrow(InvalidQuestionError);
    expect(() => ProductLayout.encodeQuestions(['12*34'], 3)).toThrow(InvalidArgumentError);
    expect(() => ProductLayout.encodeQuestions(['12*34'], 4, new Float32Array(10))).toThrow(BufferSizeError);
    expect(() => ProductLayout.encodeAnswers(['12345'], 4)).toThrow(InvalidAnswerError);
  });
});
