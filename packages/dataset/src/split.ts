import { InvalidOptionError, InvalidQuestionError, operatorTasks } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';

/** Which part of the data a question belongs to. */
export type Split = 'train' | 'validation' | 'test';

/** How questions are divided between the train, validation and test splits. */
export interface SplitOptions {
  /** Share of all distinct pairs held out for validation. @default 0.02 */
  validationFraction?: number;
  /** Share of all distinct pairs held out for testing. @default 0.02 */
  testFraction?: number;
  /** Mixed into the hash: another salt gives another, equally disjoint, partition. @default '' */
  salt?: string;
}

export interface ResolvedSplitOptions {
  validationFraction: number;
  testFraction: number;
  salt: string;
}

export function resolveSplitOptions(options: SplitOptions = {}): ResolvedSplitOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(`split options must be an object { validationFraction, testFraction, salt }, got ${describeValue(options)}`);
  }
  const { validationFraction = 0.02, testFraction = 0.02, salt = '' } = options;
  for (const [name, value] of [
    ['validationFraction', validationFraction],
    ['testFraction', testFraction],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
      throw new InvalidOptionError(`${name} must be a number from 0 (inclusive) to 1 (exclusive), got ${describeValue(value)}`);
    }
  }
  if (validationFraction + testFraction >= 1) {
    throw new InvalidOptionError(
      `validationFraction + testFraction must be below 1 so that training data remains, got ${validationFraction} + ${testFraction}`,
    );
  }
  if (typeof salt !== 'string') {
    throw new InvalidOptionError(`salt must be a string, got ${describeValue(salt)}`);
  }
  return { validationFraction, testFraction, salt };
}

// Any one non-digit between two runs of digits; the registry says whether it is an operator.
const QUESTION = /^(\d+)(\D)(\d+)$/;

/**
 * The canonical form of a question: operands without leading zeros, and for commutative
 * operators (`+`, `*`; the descriptor says) the smaller operand first, so that `61+535` and
 * `535+61` are one pair.
 */
export function normalisePair(question: string): string {
  const match = typeof question === 'string' ? QUESTION.exec(question) : null;
  const task = match ? operatorTasks().find(({ symbol }) => symbol === match[2]) : undefined;
  if (!match || !task) {
    throw new InvalidQuestionError(
      `cannot split question ${describeValue(question)}: expected <digits><operator><digits> with an operator from "${operatorTasks().map(({ symbol }) => symbol).join('')}"`,
    );
  }
  const [, leftDigits, operator, rightDigits] = match as unknown as [string, string, string, string];
  let left = leftDigits.replace(/^0+(?=\d)/, '');
  let right = rightDigits.replace(/^0+(?=\d)/, '');
  if (task.commutative && (left.length > right.length || (left.length === right.length && left > right))) {
    [left, right] = [right, left];
  }
  return `${left}${operator}${right}`;
}

// FNV-1a over the UTF-16 code units, then murmur3's finaliser for avalanche: cheap, stable across
// machines and engines, and good enough to spread similar strings ("1+2", "1+3") uniformly.
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The split of a question, decided only by a hash of its normalised pair: the same question
 * lands in the same split in every stream, on every machine, so an unbounded training stream
 * never shows a validation or test question.
 */
export function splitOf(question: string, options?: SplitOptions): Split {
  const { validationFraction, testFraction, salt } = resolveSplitOptions(options);
  return splitOfResolved(question, validationFraction, testFraction, salt);
}

export function splitOfResolved(question: string, validationFraction: number, testFraction: number, salt: string): Split {
  const position = hash32(`${salt}\u0000${normalisePair(question)}`) / 4294967296;
  if (position < validationFraction) return 'validation';
  if (position < validationFraction + testFraction) return 'test';
  return 'train';
}
