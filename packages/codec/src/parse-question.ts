import { describeValue } from './describe-value.js';
import { InvalidQuestionError } from './errors.js';
import { isOperator, listOperators, type Operator } from './tasks/registry.js';

/** A question split at its operator; operands keep their digits as written. */
export interface ParsedQuestion {
  /** The digits before the operator, as written (leading zeros kept). */
  left: string;
  /** The operator between the operands. */
  operator: Operator;
  /** The digits after the operator, as written. */
  right: string;
}

interface QuestionRules {
  digits: number;
  operators: readonly Operator[];
}

/**
 * Splits `<digits><operator><digits>` and rejects anything else: no spaces, no signs, one
 * operator of the task, 1..digits digits on each side. Positions in messages are indices
 * into the string (UTF-16 code units, as `question[position]`).
 */
export function parseQuestion(question: unknown, rules: QuestionRules): ParsedQuestion {
  const { digits, operators } = rules;
  const oneOperator = `one operator from ${listOperators(operators)}`;
  if (typeof question !== 'string') {
    throw new InvalidQuestionError(
      `question must be a string like "535+61", got ${describeValue(question)}`,
    );
  }
  const quoted = describeValue(question);
  const fail = (problem: string): never => {
    throw new InvalidQuestionError(`invalid question ${quoted}: ${problem}`);
  };
  if (question.length === 0) {
    fail(`it is empty; expected two numbers of ${digitRange(digits)} joined by ${oneOperator}`);
  }

  let operatorAt = -1;
  let position = 0;
  for (const character of question) {
    if (!isDigit(character)) {
      if (!isOperator(character)) {
        fail(
          `unexpected character ${describeValue(character)} at position ${position}; expected digits 0-9 and ${oneOperator}`,
        );
      } else if (!operators.includes(character)) {
        fail(
          `operator "${character}" at position ${position} is not in this task; expected ${oneOperator}`,
        );
      } else if (position === 0) {
        fail(
          `empty left operand before the operator "${character}" at position 0; expected ${digitRange(digits)}`,
        );
      } else if (operatorAt !== -1) {
        fail(
          `second operator "${character}" at position ${position} (the first is at position ${operatorAt}); expected exactly ${oneOperator}`,
        );
      }
      operatorAt = position;
    }
    position += character.length;
  }

  if (operatorAt === -1) {
    fail(`no operator; expected ${oneOperator} between two numbers`);
  }
  const operator = question[operatorAt] as Operator;
  const left = question.slice(0, operatorAt);
  const right = question.slice(operatorAt + 1);
  if (right.length === 0) {
    fail(
      `empty right operand after the operator "${operator}" at position ${operatorAt}; expected ${digitRange(digits)}`,
    );
  }
  checkOperandLength(left, 'left', 0, digits, fail);
  checkOperandLength(right, 'right', operatorAt + 1, digits, fail);
  return { left, operator, right };
}

function checkOperandLength(
  operand: string,
  side: 'left' | 'right',
  start: number,
  digits: number,
  fail: (problem: string) => never,
): void {
  if (operand.length <= digits) return;
  fail(
    `${side} operand "${operand}" at position ${start} has ${operand.length} digits; expected ${digitRange(digits)}`,
  );
}

function isDigit(character: string): boolean {
  return character >= '0' && character <= '9' && character.length === 1;
}

function digitRange(digits: number): string {
  return digits === 1 ? 'exactly 1 digit' : `1 to ${digits} digits`;
}
