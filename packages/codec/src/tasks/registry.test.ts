import { describe, expect, it } from 'vitest';
import { expectAddrnnError } from '../../test/expect-addrnn-error.js';
import { expectOperatorContract } from '../../test/operator-contract.js';
import { Codec } from '../codec.js';
import { InvalidArgumentError } from '../errors.js';
import { add } from './add.js';
import { drawOperandPair } from './draw.js';
import type { OperatorTask } from './operator-task.js';
import { isOperator, listOperators, OPERATORS, operatorTask, operatorTasks, registerOperator } from './registry.js';

/** An operator of this test only: the smaller operand, written `a~b`, answers never negative. */
const min: OperatorTask<'~'> = {
  symbol: '~',
  name: 'min',
  commutative: true,
  negative: false,
  answerLength: (leftDigits, rightDigits) => Math.min(leftDigits, rightDigits),
  answer: (left, right) => (left < right ? left : right),
  drawOperands: drawOperandPair,
  drawChainPair: (source, digits) => drawOperandPair(source, digits, 'uniform'),
  hardCases: (digits) => [{ left: 10n ** BigInt(digits) - 1n, right: 0n, kind: 'zero' }],
};

/** A difference without `'-'` in the task: the vocabulary still needs the sign. */
const down: OperatorTask = { ...min, symbol: '%', name: 'down', commutative: false, negative: true, answer: (left, right) => left - right, answerLength: (l, r) => Math.max(l, r) + 1 };

const invalid = (task: unknown, message: string | RegExp) =>
  expectAddrnnError(() => registerOperator(task as OperatorTask), InvalidArgumentError, 'INVALID_ARGUMENT', message);

describe('operator registry', () => {
  it('starts with exactly the three built-in operators', () => {
    expect(OPERATORS).toEqual(['+', '-', '*']);
    expect(Object.isFrozen(OPERATORS)).toBe(true);
    expect(operatorTasks().map((task) => task.name)).toEqual(['add', 'subtract', 'multiply']);
    expect(OPERATORS.every(isOperator)).toBe(true);
    expect(['/', ' ', '', '++', 43].some(isOperator)).toBe(false);
    expect(operatorTask('+')).toBe(add);
    expect(listOperators(['+', '*'])).toBe('"+", "*"');
  });

  it('names what it knows when asked for another operator', () => {
    expectAddrnnError(() => operatorTask('/' as never), InvalidArgumentError, 'INVALID_ARGUMENT', 'operator must be one of "+", "-", "*", got "/"');
  });

  it('refuses a descriptor that could not work, naming the field', () => {
    invalid(undefined, 'registerOperator takes an operator descriptor (an OperatorTask), got undefined');
    invalid({ ...min, symbol: '7' }, 'operator symbol must be neither a digit nor the padding " ", got "7"');
    invalid({ ...min, symbol: ' ' }, 'operator symbol must be neither a digit nor the padding " ", got " "');
    invalid({ ...min, symbol: 'ab' }, 'operator symbol must be one character, got "ab"');
    invalid({ ...min, symbol: '\ud83d' }, /operator symbol must be a whole character, not half of a surrogate pair/);
    invalid({ ...min, symbol: '+' }, 'operator symbol "+" is taken by add; registered: "+", "-", "*"');
    invalid({ ...min, name: '' }, 'operator "~": name must be a non-empty string, got ""');
    invalid({ ...min, negative: 'no' }, 'operator "~": negative must be true or false, got "no"');
    invalid({ ...min, hardCases: [] }, 'operator "~": hardCases must be a function, got []');
    expect(isOperator('~')).toBe(false);
  });

  it('adds an operator that codecs then size, parse, solve, encode and save', () => {
    const registered = registerOperator(min);
    expect(registerOperator(registered)).toBe(registered);
    expect(Object.isFrozen(registered)).toBe(true);
    expect(operatorTask('~' as never)).toBe(registered);
    expect(OPERATORS).toEqual(['+', '-', '*']);
    expect(operatorTasks().map((task) => task.symbol)).toEqual(['+', '-', '*', '~']);
    expectOperatorContract(registered, 3);

    const codec = new Codec({ digits: 3, operators: ['+', '~' as never] });
    expect(codec.vocabulary.join('')).toBe(' +0123456789~');
    expect(codec.answerLength).toBe(4);
    expect(codec.solve('535~61')).toBe('61');
    expect(codec.decodeAnswer(codec.encodeAnswer('61'))).toBe('61');
    expect(() => codec.encodeAnswer('-1')).toThrow('has no negative answers');
    expect(Codec.fromConfig(JSON.parse(JSON.stringify(codec.toConfig()))).toConfig()).toEqual(codec.toConfig());
    expect(() => new Codec({ operators: ['/' as never] })).toThrow('operators[0] must be one of "+", "-", "*", "~", got "/"');
  });

  it('puts the sign in the vocabulary of an operator with negative answers', () => {
    registerOperator(down);
    const codec = new Codec({ digits: 2, operators: ['%' as never] });
    expect(codec.vocabulary.join('')).toBe(' %-0123456789');
    expect(codec.solve('3%10')).toBe('-7');
    expect(codec.decodeAnswer(codec.encodeAnswer('-7'))).toBe('-7');
  });
});
