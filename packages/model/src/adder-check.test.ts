import * as tf from '@tensorflow/tfjs';
import { AddrnnError, Codec, InvalidQuestionError } from '@addrnn/codec';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Adder } from './adder.js';
import { useBackend } from './backend.js';
import { createModel } from './create-model.js';
import { getMetadata } from './metadata.js';

/** What `call` throws, as the fields a caller sees; fails the test when it does not throw. */
function thrown(call: () => unknown): { name: string; code: string; message: string } {
  try {
    call();
  } catch (error) {
    expect(AddrnnError.isInstance(error)).toBe(true);
    const { name, code, message } = error as AddrnnError;
    return { name, code, message };
  }
  throw new Error('expected a throw');
}

const INVALID: unknown[] = ['', '12a+3', '123+1', '1++1', '1+', '+1', '1*2*3', ' 1+2', '1-2', 7, undefined, null, ['1+2']];

describe('Adder.check', () => {
  let adder: Adder;
  beforeAll(async () => {
    await useBackend('cpu');
    const model = createModel({ codec: { digits: 2, operators: ['+', '*'] }, hiddenSize: 4, seed: 2 });
    adder = new Adder({ model, codec: Codec.fromConfig(getMetadata(model).codec), metadata: getMetadata(model) });
  }, 60_000);
  afterAll(() => adder.dispose());

  it('returns a valid question split at its operator, leading zeros kept', () => {
    expect(adder.check('35+61')).toEqual({ left: '35', operator: '+', right: '61' });
    expect(adder.check('07*9')).toEqual({ left: '07', operator: '*', right: '9' });
  });

  it('throws for an invalid question exactly what predict and predictWithConfidence throw', { timeout: 60_000 }, () => {
    for (const question of INVALID) {
      const fromCheck = thrown(() => adder.check(question as string));
      expect(fromCheck.name).toBe('InvalidQuestionError');
      expect(fromCheck.code).toBe('INVALID_QUESTION');
      expect(thrown(() => adder.predict(question as string))).toEqual(fromCheck);
      expect(thrown(() => adder.predictWithConfidence(question as string))).toEqual(fromCheck);
    }
    expect(() => adder.check('12a+3')).toThrow(InvalidQuestionError);
    expect(thrown(() => adder.check('12a+3')).message).toMatch(/^invalid question "12a\+3": unexpected character "a" at position 2/);
    expect(thrown(() => adder.check(7 as never)).message).toBe('question must be a string like "535+61", got 7');
    // A batch names the question by its place in the list.
    expect(thrown(() => adder.predictBatch(['1+1', '1-2'])).message).toBe(`questions[1]: ${thrown(() => adder.check('1-2')).message}`);
  });

  it('never runs the model or makes a tensor', () => {
    const predict = vi.spyOn(adder.model, 'predict');
    const tensors = tf.memory().numTensors;
    adder.check('99*99');
    expect(() => adder.check('999*1')).toThrow(InvalidQuestionError);
    expect(predict).not.toHaveBeenCalled();
    expect(tf.memory().numTensors).toBe(tensors);
    adder.predict('99*99');
    expect(predict).toHaveBeenCalledTimes(1);
    predict.mockRestore();
  });
});
