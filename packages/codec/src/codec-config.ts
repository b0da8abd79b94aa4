import { describeValue } from './describe-value.js';
import { InvalidOptionError, VocabularyMismatchError } from './errors.js';
import type { Operator } from './tasks/registry.js';
import { resolveTaskOptions, type ResolvedTaskOptions, type TaskOptions } from './task-options.js';

/** A codec as JSON, saved with a model so that the model reads and writes the same characters. */
export interface CodecConfig extends Required<TaskOptions> {
  operators: Operator[];
  /** The one-hot order the model was trained with. */
  vocabulary: string[];
}

/** Checks a saved configuration's fields; the vocabulary is compared by {@link checkVocabulary}. */
export function readCodecConfig(config: unknown): { task: ResolvedTaskOptions; vocabulary: readonly string[] } {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidOptionError(`config must be an object (a CodecConfig), got ${describeValue(config)}`);
  }
  const record = config as Record<string, unknown>;
  for (const key of ['digits', 'operators', 'reverseQuestion', 'reverseAnswer', 'vocabulary']) {
    if (record[key] === undefined) {
      throw new InvalidOptionError(
        `config.${key} is missing; a saved codec configuration lists digits, operators, reverseQuestion, reverseAnswer and vocabulary`,
      );
    }
  }
  const task = resolveTaskOptions(config, { prefix: 'config.', allowedExtra: ['vocabulary'] });
  const vocabulary = record.vocabulary;
  if (!Array.isArray(vocabulary) || !vocabulary.every((character) => typeof character === 'string')) {
    throw new InvalidOptionError(
      `config.vocabulary must be an array of single-character strings, got ${describeValue(vocabulary)}`,
    );
  }
  return { task, vocabulary: vocabulary as string[] };
}

/** Throws unless `saved` is exactly `expected`, in the same order. */
export function checkVocabulary(saved: readonly string[], expected: readonly string[], task: string): void {
  const length = Math.max(saved.length, expected.length);
  for (let index = 0; index < length; index += 1) {
    if (saved[index] !== expected[index]) {
      throw new VocabularyMismatchError(
        `config.vocabulary ${describeValue(saved.join(''))} does not match ${describeValue(expected.join(''))}, the vocabulary of ${task}: at index ${index} it has ${describeValue(saved[index])} where ${describeValue(expected[index])} is expected`,
      );
    }
  }
}
