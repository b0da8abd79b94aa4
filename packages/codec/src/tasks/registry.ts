import { describeValue } from '../describe-value.js';
import { InvalidArgumentError } from '../errors.js';
import { add } from './add.js';
import { multiply } from './multiply.js';
import type { OperatorTask } from './operator-task.js';
import { subtract } from './subtract.js';

const BUILT_IN = [add, subtract, multiply] as const;

/**
 * Symbols of operators added with {@link registerOperator}, for the {@link Operator} type. Empty
 * here; a program that registers `'^'` adds it by declaration merging:
 * `declare module '@addrnn/codec' { interface RegisteredOperators { '^': true } }`.
 */
export interface RegisteredOperators {}

/** An arithmetic operator a task can ask about: a built-in one or a registered one. */
export type Operator = (typeof BUILT_IN)[number]['symbol'] | Extract<keyof RegisteredOperators, string>;

/** The built-in operators, in the order messages list them. */
export const OPERATORS: readonly Operator[] = Object.freeze(BUILT_IN.map((task) => task.symbol));

const tasks = new Map<string, OperatorTask>(BUILT_IN.map((task) => [task.symbol, task]));
// What operatorTasks() returns, rebuilt on registration only: the dataset reads it per drawn question.
let all: readonly OperatorTask<Operator>[] = snapshot();

function snapshot(): readonly OperatorTask<Operator>[] {
  return Object.freeze([...tasks.values()] as OperatorTask<Operator>[]);
}

/**
 * Adds an operator to every task of this copy of `@addrnn/codec`: codecs, datasets and models
 * made afterwards accept it. Returns the descriptor, frozen. Registering the same object twice
 * does nothing; another descriptor with a taken symbol throws.
 * @throws InvalidArgumentError when a field is missing or wrong, or the symbol is taken.
 */
export function registerOperator<Character extends string>(task: OperatorTask<Character>): OperatorTask<Character> {
  if (typeof task !== 'object' || task === null) {
    throw new InvalidArgumentError(`registerOperator takes an operator descriptor (an OperatorTask), got ${describeValue(task)}`);
  }
  const { symbol } = task;
  if (tasks.get(symbol) === task) return task;
  checkSymbol(symbol);
  const fail = (field: string, expected: string): never => {
    throw new InvalidArgumentError(
      `operator "${symbol}": ${field} must be ${expected}, got ${describeValue((task as unknown as Record<string, unknown>)[field])}`,
    );
  };
  if (typeof task.name !== 'string' || task.name.length === 0) fail('name', 'a non-empty string');
  for (const field of ['commutative', 'negative'] as const) {
    if (typeof task[field] !== 'boolean') fail(field, 'true or false');
  }
  for (const field of ['answerLength', 'answer', 'drawOperands', 'drawChainPair', 'hardCases'] as const) {
    if (typeof task[field] !== 'function') fail(field, 'a function');
  }
  const frozen = Object.isFrozen(task) ? task : Object.freeze({ ...task });
  tasks.set(symbol, frozen);
  all = snapshot();
  return frozen;
}

function checkSymbol(symbol: unknown): void {
  const problem =
    typeof symbol !== 'string' || symbol.length !== 1
      ? 'one character'
      : (symbol >= '0' && symbol <= '9') || symbol === ' '
        ? 'neither a digit nor the padding " "'
        : symbol >= '\ud800' && symbol <= '\udfff'
          ? 'a whole character, not half of a surrogate pair'
          : undefined;
  if (problem !== undefined) {
    throw new InvalidArgumentError(`operator symbol must be ${problem}, got ${describeValue(symbol)}`);
  }
  const taken = tasks.get(symbol as string);
  if (taken !== undefined) {
    throw new InvalidArgumentError(`operator symbol "${symbol as string}" is taken by ${taken.name}; registered: ${listOperators(registeredOperators())}`);
  }
}

/**
 * The descriptor of an operator.
 * @throws InvalidArgumentError when `symbol` is not a registered operator.
 */
export function operatorTask(symbol: Operator): OperatorTask<Operator> {
  const task = tasks.get(symbol);
  if (task === undefined) {
    throw new InvalidArgumentError(`operator must be one of ${listOperators(registeredOperators())}, got ${describeValue(symbol)}`);
  }
  return task as OperatorTask<Operator>;
}

/** Every registered operator's descriptor: the built-in ones first, then in the order registered. */
export function operatorTasks(): readonly OperatorTask<Operator>[] {
  return all;
}

/** The symbols of every registered operator, in the order of {@link operatorTasks}. */
export function registeredOperators(): readonly Operator[] {
  return [...tasks.keys()] as Operator[];
}

export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && tasks.has(value);
}

/** `"+", "-"`: how messages list a set of operators. */
export function listOperators(operators: readonly Operator[]): string {
  return operators.map((operator) => `"${operator}"`).join(', ');
}
