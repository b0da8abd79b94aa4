import { Codec, InvalidArgumentError, OPERATORS } from '@addrnn/codec';
import { describe, expect, it } from 'vitest';
import { createModel } from '../create-model.js';
import { DEFAULT_FAMILY, familyOf, isModelFamily, MODEL_FAMILIES, modelFamily } from './registry.js';

describe('the family registry', () => {
  it('holds each family under its own name, the default first', () => {
    expect(MODEL_FAMILIES).toEqual(['seq2seq', 'aligned']);
    expect(MODEL_FAMILIES[0]).toBe(DEFAULT_FAMILY);
    for (const name of MODEL_FAMILIES) {
      expect(isModelFamily(name)).toBe(true);
      expect(modelFamily(name).name).toBe(name);
    }
    expect(modelFamily().name).toBe(DEFAULT_FAMILY);
    expect(familyOf({})).toBe(DEFAULT_FAMILY);
    expect(familyOf({ family: 'aligned' })).toBe('aligned');
  });

  it('refuses a name it does not hold, naming those it does', () => {
    for (const name of ['transformer', 'toString', '__proto__', '', 3, null]) {
      expect(isModelFamily(name)).toBe(false);
      expect(() => modelFamily(name as never)).toThrow(InvalidArgumentError);
    }
    expect(() => modelFamily('transformer' as never)).toThrow('family must be one of seq2seq, aligned, got "transformer"');
  });

  it('says what differs between the families, and each family builds the model its record describes', () => {
    const codec = new Codec({ digits: 3 });
    const seq2seq = modelFamily('seq2seq');
    const aligned = modelFamily('aligned');
    expect(seq2seq.operators).toEqual(OPERATORS);
    expect(aligned.operators).toEqual(['+', '-', '*']);
    expect([seq2seq.trainsOnThreads, aligned.trainsOnThreads]).toEqual([true, false]);
    expect([seq2seq.answersLongerOperands, aligned.answersLongerOperands]).toEqual([false, true]);
    expect([seq2seq.maxDigits(codec), aligned.maxDigits(codec)]).toEqual([3, 1_000_000]);
    expect([seq2seq.layout(codec).name, aligned.layout(codec).name]).toEqual(['sequence', 'aligned']);
    // With '-' the aligned family reads the columns twice (the signed layout, with feedback);
    // models of the signed layout without feedback still load.
    const signed = new Codec({ digits: 3, operators: ['+', '-'] });
    expect(aligned.layout(signed).name).toBe('signed-feedback');
    expect(aligned.shapes(signed)).toEqual({ input: [null, null, 56], output: [null, null, 12] });
    expect(aligned.earlierShapes?.(signed)).toEqual([{ input: [null, null, 24], output: [null, null, 12] }]);
    expect(aligned.earlierShapes?.(codec)).toEqual([]);
    expect(seq2seq.earlierShapes).toBeUndefined();
    for (const [family, task] of [[seq2seq, codec], [aligned, codec], [aligned, signed]] as const) {
      const model = createModel({ family: family.name, codec: task, hiddenSize: 8 });
      try {
        const { input, output } = family.shapes(task);
        expect(model.inputs[0]!.shape).toEqual(input);
        expect(model.outputs[0]!.shape).toEqual(output);
      } finally {
        model.dispose();
      }
    }
  });
});
