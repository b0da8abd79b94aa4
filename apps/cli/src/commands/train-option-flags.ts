import type { ResolvedTrainOptions } from '@addrnn/trainer';

/** The numeric flags of `addrnn train` that set one trainer option each: [flag, option]. */
export const NUMBER_FLAGS = [
  ['batch-size', 'batchSize'],
  ['epochs', 'epochs'],
  ['examples-per-epoch', 'examplesPerEpoch'],
  ['lr', 'learningRate'],
  ['decay-examples', 'decayExamples'],
  ['warmup-examples', 'warmupExamples'],
  ['carry-fraction', 'carryFraction'],
  ['replay-fraction', 'replayFraction'],
  ['label-smoothing', 'labelSmoothing'],
  ['validation-size', 'validationSize'],
  ['seed', 'seed'],
] as const;

/** The numeric flags that also take `none`, which turns the lever off: [flag, option]. */
export const SWITCHABLE_FLAGS = [
  ['lr-final', 'learningRateFinal'],
  ['clip-norm', 'clipNorm'],
  ['evaluate-every', 'evaluateEvery'],
  ['target-accuracy', 'targetAccuracy'],
] as const;

/** The flags that take a word and set one trainer option: [flag, option]. */
export const WORD_FLAGS = [
  ['lr-decay', 'learningRateDecay'],
  ['threads', 'threads'],
] as const;

/**
 * The `addrnn train` command line that repeats a run with the resolved `options` (a checkpoint's
 * `trainer-state.json` has them): the keras preset, the plainest, with every setting of the flags
 * above spelled out and `none` for each lever the run left off. The inverse of
 * `buildTrainOptions` for these flags; scripts/recipe-table.mjs prints it for docs/recipes.md.
 */
export function trainCommandLine(options: Partial<ResolvedTrainOptions>): string {
  const parts = ['addrnn train --preset keras'];
  if (options.task?.reverseAnswer === true) parts.push('--reverse-answer');
  const values = options as Readonly<Record<string, unknown>>;
  for (const [flag, key] of [...NUMBER_FLAGS, ...WORD_FLAGS]) {
    if (values[key] !== undefined) parts.push(`--${flag} ${String(values[key])}`);
  }
  for (const [flag, key] of SWITCHABLE_FLAGS) parts.push(`--${flag} ${values[key] === undefined ? 'none' : String(values[key])}`);
  return parts.join(' ');
}
