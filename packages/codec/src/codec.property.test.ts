import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Codec } from './codec.js';
import type { Operator } from './tasks/registry.js';

const NUM_RUNS = 60;

const operatorSets = fc.subarray<Operator>(['+', '-', '*'], { minLength: 1 });

const codecs = fc
  .record({
    digits: fc.integer({ min: 1, max: 15 }),
    operators: operatorSets,
    reverseQuestion: fc.boolean(),
    reverseAnswer: fc.boolean(),
  })
  .map((options) => new Codec(options));

const operand = (digits: number) => fc.stringMatching(new RegExp(`^[0-9]{1,${digits}}$`));

/** A codec with one of its valid questions (leading zeros included). */
const codecAndQuestion = codecs.chain((codec) =>
  fc
    .tuple(operand(codec.digits), fc.constantFrom(...codec.operators), operand(codec.digits))
    .map(([left, operator, right]) => ({ codec, question: `${left}${operator}${right}` })),
);

/** A codec with one of its valid answers, any one that fits, not only those `solve` gives. */
const codecAndAnswer = codecs.chain((codec) => {
  const negative = codec.operators.includes('-');
  const maxDigits = codec.answerLength - (negative ? 1 : 0);
  const magnitude = fc.bigInt({ min: 0n, max: 10n ** BigInt(maxDigits) - 1n });
  return fc
    .tuple(magnitude, fc.boolean())
    .map(([value, minus]) => (minus && negative && value !== 0n ? `-${value}` : `${value}`))
    .map((answer) => ({ codec, answer }));
});

describe('Codec round trips (property)', () => {
  it('decodeQuestion(encodeQuestion(q)) is q', () => {
    fc.assert(
      fc.property(codecAndQuestion, ({ codec, question }) => {
        const indices = codec.encodeQuestion(question);
        expect(indices).toHaveLength(codec.questionLength);
        expect(codec.decodeQuestion(indices)).toBe(question);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('decodeAnswer(encodeAnswer(a)) is a, and the solved answer always fits', () => {
    fc.assert(
      fc.property(codecAndAnswer, ({ codec, answer }) => {
        const indices = codec.encodeAnswer(answer);
        expect(indices).toHaveLength(codec.answerLength);
        expect(codec.decodeAnswer(indices)).toBe(answer);
      }),
      { numRuns: NUM_RUNS },
    );
    fc.assert(
      fc.property(codecAndQuestion, ({ codec, question }) => {
        const answer = codec.solve(question);
        expect(codec.decodeAnswer(codec.encodeAnswer(answer))).toBe(answer);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('one-hot answers decode back through decodeAnswerProbabilities with full confidence', () => {
    fc.assert(
      fc.property(codecAndAnswer, ({ codec, answer }) => {
        const decoded = codec.decodeAnswerProbabilities(codec.oneHotAnswer(answer));
        expect(decoded.answer).toBe(answer);
        expect(decoded.confidence).toEqual(new Array<number>(answer.length).fill(1));
        expect(decoded.positions).toHaveLength(codec.answerLength);
        expect(decoded.positions.map((position) => position.character).join('').trim()).toBe(answer);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('batches equal their single encodings side by side', () => {
    fc.assert(
      fc.property(
        codecs.chain((codec) =>
          fc
            .array(
              fc.tuple(operand(codec.digits), fc.constantFrom(...codec.operators), operand(codec.digits)),
              { maxLength: 4 },
            )
            .map((parts) => ({ codec, questions: parts.map((part) => part.join('')) })),
        ),
        ({ codec, questions }) => {
          const inputs = codec.oneHotQuestions(questions);
          const answers = questions.map((question) => codec.solve(question));
          const targets = codec.oneHotAnswers(answers);
          const questionSize = codec.questionLength * codec.vocabularySize;
          questions.forEach((question, item) => {
            expect(inputs.subarray(item * questionSize, (item + 1) * questionSize)).toEqual(codec.oneHotQuestions([question]));
          });
          expect(codec.decodeAnswerBatch(targets, answers.length).map((decoded) => decoded.answer)).toEqual(answers);
          const indices = codec.encodeAnswers(answers);
          const length = codec.answerLength;
          expect(answers.map((_, item) => codec.decodeAnswer(indices.subarray(item * length, (item + 1) * length)))).toEqual(answers);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('fromConfig(toConfig()) keeps every encoding', () => {
    fc.assert(
      fc.property(codecAndQuestion, ({ codec, question }) => {
        const restored = Codec.fromConfig(JSON.parse(JSON.stringify(codec.toConfig())));
        expect(restored.encodeQuestion(question)).toEqual(codec.encodeQuestion(question));
        expect(restored.vocabulary).toEqual(codec.vocabulary);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never throws on any argmax output, whatever the model wrote', () => {
    fc.assert(
      fc.property(
        codecs.chain((codec) =>
          fc
            .array(fc.integer({ min: 0, max: codec.vocabularySize - 1 }), {
              minLength: codec.answerLength,
              maxLength: codec.answerLength,
            })
            .map((indices) => ({ codec, indices })),
        ),
        ({ codec, indices }) => {
          const answer = codec.decodeAnswer(indices);
          expect(answer.length).toBeLessThanOrEqual(codec.answerLength);
          expect(answer.endsWith(' ') && !codec.reverseAnswer).toBe(false);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
