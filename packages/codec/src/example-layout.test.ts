import { describe, expect, it } from 'vitest';
import { AlignedLayout } from './aligned-layout.js';
import { Codec } from './codec.js';
import { InvalidArgumentError, InvalidQuestionError } from './errors.js';
import { alignedExampleLayout, sequenceLayout } from './example-layout.js';

describe('sequenceLayout', () => {
  const codec = new Codec({ digits: 3, operators: ['+', '-'] });
  const layout = sequenceLayout(codec);

  it('lays out whole questions as the codec encodes them, for every operator of the codec', () => {
    expect(layout.name).toBe('sequence');
    expect(layout.operators).toEqual(['+', '-']);
    expect(layout.shape(['1+2'])).toEqual({ inputSteps: 7, inputSize: codec.vocabularySize, answerSteps: 4, answerSize: codec.vocabularySize });
    const shape = layout.shape(['12-345', '7+8']);
    expect(layout.encodeQuestions(['12-345', '7+8'], shape.inputSteps)).toEqual(codec.oneHotQuestions(['12-345', '7+8']));
    expect(layout.oneHotAnswers(['-333', '15'], shape.answerSteps)).toEqual(codec.oneHotAnswers(['-333', '15']));
    const classes = layout.encodeAnswers(['-333', '15'], shape.answerSteps);
    expect(classes).toEqual(codec.encodeAnswers(['-333', '15']));
    expect(layout.answerText(classes.subarray(0, 4))).toBe('-333');
    expect(layout.answerText(classes.subarray(4, 8))).toBe('15');
  });

  it('refuses what is not a codec', () => {
    expect(() => sequenceLayout({ digits: 3 } as never)).toThrow(InvalidArgumentError);
    expect(() => sequenceLayout({ digits: 3 } as never)).toThrow('codec must be a Codec, got');
  });
});

describe('alignedExampleLayout', () => {
  it('lays out digit columns as AlignedLayout does, as long as the longest operand + 1, for + only', () => {
    const layout = alignedExampleLayout;
    expect(layout.name).toBe('aligned');
    expect(layout.operators).toEqual(['+']);
    const questions = ['999+1', '12345+6'];
    expect(layout.shape(questions)).toEqual({ inputSteps: 6, inputSize: 20, answerSteps: 6, answerSize: 10 });
    expect(layout.encodeQuestions(questions, 6)).toEqual(AlignedLayout.encodeQuestions(questions, 6));
    expect(layout.oneHotAnswers(['1000', '12351'], 6)).toEqual(AlignedLayout.oneHotAnswers(['1000', '12351'], 6));
    const classes = layout.encodeAnswers(['1000', '12351'], 6);
    expect(classes).toEqual(AlignedLayout.encodeAnswers(['1000', '12351'], 6));
    expect(layout.answerText(classes.subarray(0, 6))).toBe('1000');
    expect(layout.answerText(classes.subarray(6, 12))).toBe('12351');
    expect(layout.answerText([0, 0, 0])).toBe('0');
    expect(() => layout.shape(['1-2'])).toThrow(InvalidQuestionError);
  });
});
