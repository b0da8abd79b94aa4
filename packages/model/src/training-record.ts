import { describeValue } from '@addrnn/codec/internal';

/** A validation accuracy target a run passed, as `@addrnn/trainer` reports it. */
export interface RecordedTarget {
  /** The target, e.g. 0.999. */
  accuracy: number;
  /** Validation whole-answer accuracy at the evaluation that passed it. */
  exactMatch: number;
  /** Training examples seen by then. */
  examplesSeen: number;
  /** Wall time of training by then, in seconds. */
  elapsedSeconds: number;
  /** Validation questions the claim rests on. */
  validationSize: number;
}

/** Validation metrics of a model (the shape some earlier records used for `training.validation`). */
export interface RecordedValidation {
  /** Share of validation answers right in every position, 0 to 1. */
  exactMatch: number;
  [field: string]: unknown;
}

/**
 * How a model was trained, as `@addrnn/trainer` writes it into the model's metadata (`training`).
 * Every field is optional: records written by earlier versions, or by hand through
 * `saveModel(model, dir, { training })`, lack some. Fields not listed here are kept as they are.
 */
export interface TrainingRecord {
  /** What wrote the record, e.g. 'train'. */
  command?: string;
  /** When, as an ISO 8601 date. */
  date?: string;
  /** The tfjs backend the run trained on, e.g. 'wasm'. */
  backend?: string;
  /** The dataset seed. */
  seed?: number;
  /** Completed epochs. */
  epochs?: number;
  /** Training examples seen. */
  examplesSeen?: number;
  /** Validation whole-answer accuracy at the last completed epoch (0 to 1); null before the first. */
  accuracy?: number | null;
  /** Validation metrics, in records that keep them whole rather than as `accuracy`. */
  validation?: RecordedValidation;
  /** Accuracy targets the run passed, first passing of each. */
  targets?: RecordedTarget[];
  /** The resolved training options (`@addrnn/trainer`'s ResolvedTrainOptions). */
  options?: object;
  /** The loss the training steps minimised, e.g. 'cross-entropy'. */
  loss?: string;
  /** The longest operand, in digits, among the training questions (the aligned family's record). */
  longestOperand?: number;
  [field: string]: unknown;
}

/**
 * Checks a training record read from a saved model or passed to `saveModel`: every known field
 * that is present has its type and range; unknown fields pass. `fail` builds the error, which
 * names the field (`training.examplesSeen`).
 */
export function checkTrainingRecord(value: unknown, where: string, fail: (message: string) => Error): TrainingRecord {
  if (!isPlainObject(value)) throw fail(`${where} has metadata training ${describeValue(value)}; expected an object`);
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const check = (field: string, valid: boolean, expected: string) => {
    if (Object.hasOwn(record, field) && record[field] !== undefined && !valid) problems.push(`training.${field} ${describeValue(record[field])} (expected ${expected})`);
  };
  for (const field of ['command', 'date', 'backend', 'loss']) check(field, typeof record[field] === 'string', 'a string');
  check('seed', Number.isFinite(record['seed']), 'a finite number');
  check('epochs', isCount(record['epochs']), 'a non-negative integer');
  check('examplesSeen', isCount(record['examplesSeen']), 'a non-negative integer');
  check('longestOperand', isCount(record['longestOperand']), 'a non-negative integer');
  check('accuracy', record['accuracy'] === null || isShare(record['accuracy']), 'a number from 0 to 1, or null');
  check('options', isPlainObject(record['options']), 'an object');
  const validation = record['validation'];
  check('validation', isPlainObject(validation) && isShare((validation as Record<string, unknown>)['exactMatch']), 'an object whose exactMatch is a number from 0 to 1');
  const targets = record['targets'];
  const badTarget = Array.isArray(targets) ? targets.findIndex((target) => !isTarget(target)) : -1;
  if (Array.isArray(targets) && badTarget >= 0) {
    problems.push(`training.targets[${badTarget}] ${describeValue(targets[badTarget])} (expected { accuracy, exactMatch } from 0 to 1 and non-negative examplesSeen, elapsedSeconds, validationSize)`);
  } else {
    check('targets', Array.isArray(targets), 'an array');
  }
  if (problems.length > 0) throw fail(`${where} has an invalid training record: ${problems.join(', ')}`);
  return record as TrainingRecord;
}

/**
 * The validation whole-answer accuracy (0 to 1) a model's metadata records, from either shape of
 * training record: `training.accuracy` (what `@addrnn/trainer` writes) or
 * `training.validation.exactMatch`. Undefined when the model records none, e.g. before its first
 * completed epoch.
 */
export function recordedAccuracy(metadata: { training?: TrainingRecord | undefined } | undefined): number | undefined {
  const training = metadata?.training;
  if (!isPlainObject(training)) return undefined;
  if (isShare(training.accuracy)) return training.accuracy;
  const exactMatch = isPlainObject(training.validation) ? training.validation.exactMatch : undefined;
  return isShare(exactMatch) ? exactMatch : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isShare(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

function isTarget(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const { accuracy, exactMatch, examplesSeen, elapsedSeconds, validationSize } = value;
  const nonNegative = (number: unknown) => typeof number === 'number' && number >= 0 && Number.isFinite(number);
  return isShare(accuracy) && isShare(exactMatch) && nonNegative(examplesSeen) && nonNegative(elapsedSeconds) && nonNegative(validationSize);
}
