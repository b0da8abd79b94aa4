import { describe, expect, it } from 'vitest';
import { expectAddrnnError } from '../test/expect-addrnn-error.js';
import { InvalidAnswerError } from './errors.js';
import { validateAnswer } from './validate-answer.js';

const addition = { negative: false, answerLength: 4, task: 'digits 3, operators "+"' };
const subtraction = { negative: true, answerLength: 4, task: 'digits 3, operators "-"' };

const invalid = (answer: unknown, message: RegExp | string, rules = addition) =>
  expectAddrnnError(() => validateAnswer(answer, rules), InvalidAnswerError, 'INVALID_ANSWER', message);

describe('validateAnswer', () => {
  it('accepts plain decimal numbers that fit', () => {
    for (const answer of ['0', '7', '596', '1998']) expect(validateAnswer(answer, addition)).toBe(answer);
    for (const answer of ['-7', '-999', '0']) expect(validateAnswer(answer, subtraction)).toBe(answer);
  });

  it('rejects unknown characters and padding', () => {
    invalid('12a', 'invalid answer "12a": unexpected character "a" at position 2; expected a plain decimal number like "596"');
    invalid('1 2', /unexpected character " " at position 1/);
    invalid('12 ', /unexpected character " " at position 2/);
    invalid('1-2', /unexpected character "-" at position 1; expected a plain decimal number like "596" or "-7"/, subtraction);
    invalid('--', /unexpected character "-" at position 1/, subtraction);
  });

  it('rejects a sign when the task has no negative answers', () => {
    invalid('-7', 'invalid answer "-7": sign "-" at position 0, but this task (digits 3, operators "+") has no negative answers; expected a plain decimal number like "596"');
  });

  it('rejects a sign without digits, leading zeros and negative zero', () => {
    invalid('-', 'invalid answer "-": no digits after the sign at position 0; expected a plain decimal number like "596" or "-7"', subtraction);
    invalid('007', 'invalid answer "007": leading zero at position 0; expected a plain decimal number like "596"');
    invalid('-07', /leading zero at position 1/, subtraction);
    invalid('-0', 'invalid answer "-0": negative zero; write "0"', subtraction);
  });

  it('rejects answers longer than the answer sequence', () => {
    invalid('12345', 'invalid answer "12345": it has 5 characters; expected at most 4 (the answer length for digits 3, operators "+")');
  });

  it('rejects the empty string and non-strings', () => {
    invalid('', 'invalid answer "": it is empty; expected a plain decimal number like "596"');
    invalid(596, 'answer must be a string, got 596; expected a plain decimal number like "596"');
  });
});
