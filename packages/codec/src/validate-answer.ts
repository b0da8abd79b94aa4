import { describeValue } from './describe-value.js';
import { InvalidAnswerError } from './errors.js';

export interface AnswerRules {
  /** Whether the task can produce negative answers (one of its operators' descriptors says so). */
  negative: boolean;
  /** Most characters an answer may have, sign included. */
  answerLength: number;
  /** How messages name the task, e.g. `digits 3, operators "+"`. */
  task: string;
}

/**
 * Checks that `answer` is what `solve` could return for this task: a plain decimal number,
 * `'-'` first when negative (only when the task has negative answers), no leading zeros, no `'-0'`, and
 * short enough for the answer sequence.
 */
export function validateAnswer(answer: unknown, rules: AnswerRules): string {
  const { negative, answerLength, task } = rules;
  const expected = negative
    ? 'expected a plain decimal number like "596" or "-7"'
    : 'expected a plain decimal number like "596"';
  if (typeof answer !== 'string') {
    throw new InvalidAnswerError(`answer must be a string, got ${describeValue(answer)}; ${expected}`);
  }
  const fail = (problem: string): never => {
    throw new InvalidAnswerError(`invalid answer ${describeValue(answer)}: ${problem}`);
  };
  if (answer.length === 0) fail(`it is empty; ${expected}`);

  let position = 0;
  for (const character of answer) {
    if (character === '-' && position === 0) {
      if (!negative) {
        fail(`sign "-" at position 0, but this task (${task}) has no negative answers; ${expected}`);
      }
    } else if (!(character.length === 1 && character >= '0' && character <= '9')) {
      fail(`unexpected character ${describeValue(character)} at position ${position}; ${expected}`);
    }
    position += character.length;
  }

  const digitsStart = answer.startsWith('-') ? 1 : 0;
  if (answer.length === digitsStart) fail(`no digits after the sign at position 0; ${expected}`);
  if (answer[digitsStart] === '0' && answer.length > digitsStart + 1) {
    fail(`leading zero at position ${digitsStart}; ${expected}`);
  }
  if (answer === '-0') fail(`negative zero; write "0"`);
  if (answer.length > answerLength) {
    fail(
      `it has ${answer.length} characters; expected at most ${answerLength} (the answer length for ${task})`,
    );
  }
  return answer;
}
