import { describe, expect, it } from 'vitest';
import { expectAddrnnError } from '../test/expect-addrnn-error.js';
import { InvalidOptionError } from './errors.js';
import { DEFAULT_TASK_OPTIONS, resolveTaskOptions } from './task-options.js';

const invalid = (options: unknown, message: RegExp | string, settings?: Parameters<typeof resolveTaskOptions>[1]) =>
  expectAddrnnError(() => resolveTaskOptions(options, settings), InvalidOptionError, 'INVALID_OPTION', message);

describe('resolveTaskOptions', () => {
  it('fills in the defaults of the Keras example', () => {
    expect(resolveTaskOptions(undefined)).toEqual({ digits: 5, operators: ['+'], reverseQuestion: true, reverseAnswer: false });
    expect(resolveTaskOptions({})).toEqual(DEFAULT_TASK_OPTIONS);
    expect(resolveTaskOptions({ digits: undefined })).toEqual(DEFAULT_TASK_OPTIONS);
  });

  it('keeps given values and freezes the result', () => {
    const task = resolveTaskOptions({ digits: 15, operators: ['*', '-'], reverseQuestion: false, reverseAnswer: true });
    expect(task).toEqual({ digits: 15, operators: ['*', '-'], reverseQuestion: false, reverseAnswer: true });
    expect(Object.isFrozen(task)).toBe(true);
    expect(Object.isFrozen(task.operators)).toBe(true);
  });

  it('does not keep a reference to the caller’s operators array', () => {
    const operators: ('+' | '-')[] = ['+'];
    const task = resolveTaskOptions({ operators });
    operators.push('-');
    expect(task.operators).toEqual(['+']);
  });

  it.each([0, 16, 2.5, -1, Number.NaN, Infinity])('rejects digits %s', (digits) => {
    invalid({ digits }, `digits must be an integer from 1 to 15, got ${digits}`);
  });

  it('rejects digits that are not numbers, quoting strings', () => {
    invalid({ digits: '5' }, 'digits must be an integer from 1 to 15, got "5"');
  });

  it('rejects empty and non-array operators', () => {
    invalid({ operators: [] }, 'operators must be a non-empty array of "+", "-", "*", got []');
    invalid({ operators: '+' }, 'operators must be a non-empty array of "+", "-", "*", got "+"');
  });

  it('rejects an unknown operator, naming its index', () => {
    invalid({ operators: ['+', '/'] }, 'operators[1] must be one of "+", "-", "*", got "/"');
  });

  it('rejects a repeated operator', () => {
    invalid({ operators: ['+', '-', '+'] }, 'operators[2] repeats "+" (already at operators[0]); list each operator once');
  });

  it('rejects flags that are not booleans', () => {
    invalid({ reverseQuestion: 'yes' }, 'reverseQuestion must be true or false, got "yes"');
    invalid({ reverseAnswer: 1 }, 'reverseAnswer must be true or false, got 1');
  });

  it('rejects unknown keys such as typos', () => {
    invalid({ digit: 3 }, 'unknown option digit in options; expected digits, operators, reverseQuestion, reverseAnswer');
  });

  it('rejects options that are not an object', () => {
    invalid(null, 'options must be an object, got null');
    invalid(5, 'options must be an object, got 5');
    invalid(['+'], 'options must be an object, got ["+"]');
  });

  it('names the source in messages and accepts extra keys when asked', () => {
    invalid({ digits: 0 }, 'config.digits must be an integer from 1 to 15, got 0', { prefix: 'config.' });
    invalid('x', 'config must be an object, got "x"', { prefix: 'config.' });
    expect(resolveTaskOptions({ vocabulary: [] }, { allowedExtra: ['vocabulary'] })).toEqual(DEFAULT_TASK_OPTIONS);
  });
});
