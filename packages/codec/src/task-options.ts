import { describeValue } from './describe-value.js';
import { InvalidOptionError } from './errors.js';
import { MAX_DIGITS, MIN_DIGITS } from './digit-limits.js';
import { isOperator, listOperators, registeredOperators, type Operator } from './tasks/registry.js';

/** The arithmetic task a codec encodes: operand size, operators and sequence directions. */
export interface TaskOptions {
  /**
   * Most digits in one operand; questions hold two operands of 1..digits digits.
   * An integer from 1 to 15.
   * @default 5
   */
  digits?: number;
  /**
   * Operators questions may use; each must appear once: the built-in `'+'`, `'-'`, `'*'` or
   * one added with `registerOperator`.
   * @default ['+']
   */
  operators?: readonly Operator[];
  /**
   * Feed the padded question back to front, as the Keras addition_rnn example does:
   * it shortens the path between the digits that are added together.
   * @default true
   */
  reverseQuestion?: boolean;
  /**
   * Write answers least significant digit first: the answer's characters are reversed and
   * then padded on the right, so `'596'` becomes `'695 '` for 3 digits.
   * @default false
   */
  reverseAnswer?: boolean;
}

/** Task options with every default filled in, checked and frozen. */
export interface ResolvedTaskOptions {
  readonly digits: number;
  readonly operators: readonly Operator[];
  readonly reverseQuestion: boolean;
  readonly reverseAnswer: boolean;
}

export { MAX_DIGITS, MIN_DIGITS };

/** The task of `new Codec()`: 5 digits, `'+'` only, question reversed, answer not. */
export const DEFAULT_TASK_OPTIONS: ResolvedTaskOptions = Object.freeze({
  digits: 5,
  operators: Object.freeze(['+'] as Operator[]),
  reverseQuestion: true,
  reverseAnswer: false,
});

const TASK_OPTION_NAMES = ['digits', 'operators', 'reverseQuestion', 'reverseAnswer'] as const;

/**
 * Checks task options and fills in defaults. `prefix` names where they came from in
 * messages (`'config.'` for a saved configuration); `allowedExtra` lists other keys the
 * caller reads itself.
 */
export function resolveTaskOptions(
  options: unknown,
  { prefix = '', allowedExtra = [] }: { prefix?: string; allowedExtra?: readonly string[] } = {},
): ResolvedTaskOptions {
  if (options === undefined) return DEFAULT_TASK_OPTIONS;
  const name = prefix === '' ? 'options' : prefix.replace(/\.$/, '');
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError(`${name} must be an object, got ${describeValue(options)}`);
  }
  const record = options as Record<string, unknown>;
  const known: readonly string[] = [...TASK_OPTION_NAMES, ...allowedExtra];
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      // A codec of an older copy of @addrnn/codec, without the isInstance marker, lands here.
      const codecLike = prefix === '' && 'vocabulary' in record && 'questionLength' in record;
      throw new InvalidOptionError(
        `unknown option ${prefix}${key} in ${name}; expected ${known.join(', ')}` +
          (codecLike ? '; this looks like a Codec from another version of @addrnn/codec: pass Codec.fromConfig(codec.toConfig()) instead' : ''),
      );
    }
  }
  return Object.freeze({
    digits: resolveDigits(record.digits, prefix),
    operators: resolveOperators(record.operators, prefix),
    reverseQuestion: resolveBoolean(record.reverseQuestion, `${prefix}reverseQuestion`, DEFAULT_TASK_OPTIONS.reverseQuestion),
    reverseAnswer: resolveBoolean(record.reverseAnswer, `${prefix}reverseAnswer`, DEFAULT_TASK_OPTIONS.reverseAnswer),
  });
}

function resolveDigits(value: unknown, prefix: string): number {
  if (value === undefined) return DEFAULT_TASK_OPTIONS.digits;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_DIGITS || value > MAX_DIGITS) {
    throw new InvalidOptionError(
      `${prefix}digits must be an integer from ${MIN_DIGITS} to ${MAX_DIGITS}, got ${describeValue(value)}`,
    );
  }
  return value;
}

function resolveOperators(value: unknown, prefix: string): readonly Operator[] {
  if (value === undefined) return DEFAULT_TASK_OPTIONS.operators;
  const accepted = listOperators(registeredOperators());
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidOptionError(
      `${prefix}operators must be a non-empty array of ${accepted}, got ${describeValue(value)}`,
    );
  }
  const operators: Operator[] = [];
  value.forEach((operator: unknown, index) => {
    if (!isOperator(operator)) {
      throw new InvalidOptionError(
        `${prefix}operators[${index}] must be one of ${accepted}, got ${describeValue(operator)}`,
      );
    }
    const first = operators.indexOf(operator);
    if (first !== -1) {
      throw new InvalidOptionError(
        `${prefix}operators[${index}] repeats "${operator}" (already at ${prefix}operators[${first}]); list each operator once`,
      );
    }
    operators.push(operator);
  });
  return Object.freeze(operators);
}

function resolveBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new InvalidOptionError(`${name} must be true or false, got ${describeValue(value)}`);
  }
  return value;
}
