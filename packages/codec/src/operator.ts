/** An arithmetic operator a task can ask about. */
export type Operator = '+' | '-' | '*';

/** Every operator, in the order they are listed in messages. */
export const OPERATORS: readonly Operator[] = Object.freeze(['+', '-', '*'] as const);

export function isOperator(value: unknown): value is Operator {
  return value === '+' || value === '-' || value === '*';
}

/** The exact result; BigInt because 15-digit products do not fit a double. */
export function applyOperator(operator: Operator, left: bigint, right: bigint): bigint {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
  }
}

/**
 * Characters needed for the longest answer of one operator on operands of `digits` digits:
 * a sum can carry into one more digit, a difference can need a sign, a product doubles.
 */
export function answerLengthOf(operator: Operator, digits: number): number {
  switch (operator) {
    case '+':
    case '-':
      return digits + 1;
    case '*':
      return 2 * digits;
  }
}

/** `"+", "-"`: how messages list a set of operators. */
export function listOperators(operators: readonly Operator[]): string {
  return operators.map((operator) => `"${operator}"`).join(', ');
}
