import { describe, expect, it } from 'vitest';
import { expectAddrnnError } from '../test/expect-addrnn-error.js';
import { InvalidQuestionError } from './errors.js';
import type { Operator } from './tasks/registry.js';
import { parseQuestion } from './parse-question.js';

const addition = { digits: 3, operators: ['+'] as Operator[] };
const all = { digits: 3, operators: ['+', '-', '*'] as Operator[] };

const invalid = (question: unknown, message: RegExp | string, rules = addition) =>
  expectAddrnnError(() => parseQuestion(question, rules), InvalidQuestionError, 'INVALID_QUESTION', message);

describe('parseQuestion', () => {
  it('splits a question at its operator', () => {
    expect(parseQuestion('535+61', addition)).toEqual({ left: '535', operator: '+', right: '61' });
    expect(parseQuestion('1*2', all)).toEqual({ left: '1', operator: '*', right: '2' });
    expect(parseQuestion('9-999', all)).toEqual({ left: '9', operator: '-', right: '999' });
  });

  it('keeps leading zeros that fit the digit count', () => {
    expect(parseQuestion('007+1', { digits: 3, operators: ['+'] })).toEqual({ left: '007', operator: '+', right: '1' });
  });

  it('rejects an unknown character, naming it, its position and what is accepted', () => {
    invalid('53a+1', 'invalid question "53a+1": unexpected character "a" at position 2; expected digits 0-9 and one operator from "+"');
  });

  it('rejects spaces and signs', () => {
    invalid('53 +1', /unexpected character " " at position 2/);
    invalid('53+1 ', /unexpected character " " at position 4/);
    invalid('5/3', /unexpected character "\/" at position 1; expected digits 0-9 and one operator from "\+", "-", "\*"/, all);
  });

  it('reports positions as string indices, whole characters quoted', () => {
    invalid('1😀+2', /unexpected character "😀" at position 1/);
    invalid('1+😀', /unexpected character "😀" at position 2/);
  });

  it('rejects an operator the task does not use', () => {
    invalid('5-3', 'invalid question "5-3": operator "-" at position 1 is not in this task; expected one operator from "+"');
  });

  it('rejects a missing operator', () => {
    invalid('535', 'invalid question "535": no operator; expected one operator from "+" between two numbers');
  });

  it('rejects a doubled operator', () => {
    invalid('5++3', 'invalid question "5++3": second operator "+" at position 2 (the first is at position 1); expected exactly one operator from "+"');
    invalid('1+2-3', /second operator "-" at position 3/, all);
  });

  it('rejects empty operands', () => {
    invalid('+3', 'invalid question "+3": empty left operand before the operator "+" at position 0; expected 1 to 3 digits');
    invalid('-3', /empty left operand before the operator "-" at position 0/, all);
    invalid('3+', 'invalid question "3+": empty right operand after the operator "+" at position 1; expected 1 to 3 digits');
  });

  it('rejects operands with too many digits', () => {
    invalid('1234+1', 'invalid question "1234+1": left operand "1234" at position 0 has 4 digits; expected 1 to 3 digits');
    invalid('1+0001', 'invalid question "1+0001": right operand "0001" at position 2 has 4 digits; expected 1 to 3 digits');
    invalid('12+1', /left operand "12" at position 0 has 2 digits; expected exactly 1 digit$/, { digits: 1, operators: ['+'] });
  });

  it('rejects the empty string and non-strings', () => {
    invalid('', 'invalid question "": it is empty; expected two numbers of 1 to 3 digits joined by one operator from "+"');
    invalid(535, 'question must be a string like "535+61", got 535');
    invalid(undefined, 'question must be a string like "535+61", got undefined');
  });
});
