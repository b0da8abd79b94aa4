import { AddrnnError } from '@addrnn/codec';
import type { TrainerState } from './trainer-state.js';
import { CheckpointError } from './errors.js';
import { resolveTrainOptions } from './resolve-options.js';

/**
 * Checks that `value`, parsed from `file`, is a whole `TrainerState` of format version 1:
 * every field present with the right type and range. Throws CheckpointError naming the first
 * field that is not.
 */
export function validateTrainerState(value: unknown, file: string): TrainerState {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new CheckpointError(
      `cannot resume: ${file} is damaged or not an addrnn trainer state: ` +
        `${field} must be ${expected}, got ${describe(got)}`,
    );
  };
  if (!isObject(value)) return fail('the file', 'a JSON object', value);
  if (value.format !== 'addrnn-trainer-state' || value.formatVersion !== 1) {
    throw new CheckpointError(
      `cannot resume: ${file} is not an addrnn trainer state of format version 1 ` +
        `(format ${JSON.stringify(value.format)}, version ${JSON.stringify(value.formatVersion)})`,
    );
  }
  const object = (field: string, at: unknown): Record<string, unknown> =>
    isObject(at) ? at : fail(field, 'an object', at);
  const integer = (field: string, at: unknown, maximum = Number.MAX_SAFE_INTEGER): number =>
    typeof at === 'number' && Number.isInteger(at) && at >= 0 && at <= maximum
      ? at
      : fail(field, `an integer from 0 to ${maximum}`, at);
  const finite = (field: string, at: unknown, minimum = -Infinity, maximum = Infinity): number =>
    typeof at === 'number' && Number.isFinite(at) && at >= minimum && at <= maximum
      ? at
      : fail(field, `a finite number${minimum > -Infinity ? ` from ${minimum}` : ''}${maximum < Infinity ? ` to ${maximum}` : ''}`, at);
  const string = (field: string, at: unknown): string => (typeof at === 'string' ? at : fail(field, 'a string', at));
  const array = (field: string, at: unknown): unknown[] => (Array.isArray(at) ? at : fail(field, 'an array', at));

  // The run's options: the same checks a caller's options get.
  const options = object('options', value.options);
  object('options.task', options.task);
  object('options.model', options.model);
  try {
    resolveTrainOptions({}, options as never);
  } catch (error) {
    if (!(error instanceof AddrnnError)) throw error;
    throw new CheckpointError(`cannot resume: ${file} holds options that are not valid: ${error.message}`, { cause: error });
  }

  integer('epoch', value.epoch);
  integer('batchInEpoch', value.batchInEpoch);
  const partial = object('partialEpoch', value.partialEpoch);
  finite('partialEpoch.lossSum', partial.lossSum, 0);
  finite('partialEpoch.trainingSeconds', partial.trainingSeconds, 0);
  const counts = object('partialEpoch.counts', partial.counts);
  for (const key of ['examples', 'correctCharacters', 'correctAnswers']) integer(`partialEpoch.counts.${key}`, counts[key]);
  if (counts['positions'] !== undefined) integer('partialEpoch.counts.positions', counts['positions']);
  integer('examplesSeen', value.examplesSeen);
  finite('learningRate', value.learningRate, Number.MIN_VALUE);
  finite('elapsedSeconds', value.elapsedSeconds, 0);
  const best = object('best', value.best);
  integer('best.epoch', best.epoch);
  finite('best.exactMatch', best.exactMatch, 0, 1);
  if (best['loss'] !== undefined) finite('best.loss', best['loss'], 0);

  array('history', value.history).forEach((entry, index) => {
    const at = `history[${index}]`;
    const log = object(at, entry);
    integer(`${at}.epoch`, log.epoch);
    for (const key of ['loss', 'charAccuracy', 'exactMatch', 'samplesPerSecond', 'learningRate', 'examplesSeen', 'elapsedSeconds']) {
      finite(`${at}.${key}`, log[key]);
    }
    const validation = object(`${at}.validation`, log.validation);
    for (const key of ['loss', 'charAccuracy', 'exactMatch']) finite(`${at}.validation.${key}`, validation[key]);
    array(`${at}.samples`, log.samples);
  });

  if (value.targets !== undefined) {
    array('targets', value.targets).forEach((entry, index) => {
      const report = object(`targets[${index}]`, entry);
      finite(`targets[${index}].accuracy`, report.accuracy, 0, 1);
      finite(`targets[${index}].exactMatch`, report.exactMatch, 0, 1);
      integer(`targets[${index}].examplesSeen`, report.examplesSeen);
      finite(`targets[${index}].elapsedSeconds`, report.elapsedSeconds, 0);
      integer(`targets[${index}].validationSize`, report.validationSize);
    });
  }

  const stream = object('stream', value.stream);
  integer('stream.batches', stream.batches);
  const random = object('stream.random', stream.random);
  for (const key of ['a', 'b', 'c', 'd']) integer(`stream.random.${key}`, random[key], 0xffffffff);
  if (stream.replay !== undefined) {
    array('stream.replay', stream.replay).forEach((entry, index) => {
      const example = object(`stream.replay[${index}]`, entry);
      for (const key of ['question', 'answer']) string(`stream.replay[${index}].${key}`, example[key]);
    });
  }

  const optimizer = object('optimizer', value.optimizer);
  integer('optimizer.iterations', optimizer.iterations);
  for (const key of ['accBeta1', 'accBeta2']) {
    if (optimizer[key] !== undefined) finite(`optimizer.${key}`, optimizer[key], 0, 1);
  }
  if (optimizer.file !== 'optimizer.bin') fail('optimizer.file', '"optimizer.bin"', optimizer.file);
  array('optimizer.moments', optimizer.moments).forEach((entry, index) => {
    const at = `optimizer.moments[${index}]`;
    const moment = object(at, entry);
    string(`${at}.name`, moment.name);
    array(`${at}.shape`, moment.shape).forEach((dimension, axis) => integer(`${at}.shape[${axis}]`, dimension, 1 << 30));
  });
  if (value.loss !== undefined) string('loss', value.loss);
  string('savedAt', value.savedAt);
  return value as unknown as TrainerState;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
