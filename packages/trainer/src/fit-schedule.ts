import type { ScheduleScaling } from './schedule-scaling.js';
import type { TrainPreset } from './presets.js';

/** A fresh run's warm-up and decay horizon, and how they were scaled. */
export interface FittedSchedule {
  decayExamples: number;
  warmupExamples?: number;
  scaled?: ScheduleScaling;
}

/**
 * The warm-up and decay of a fresh run of `budget` examples on `preset`, `given` (the options'
 * own values) taking precedence. The preset's schedule ends at its `decayExamples` (unset: at its
 * budget), warm-up included:
 * - a budget shorter than that scales the preset's warm-up and decay down together by
 *   `budget / decayExamples`, so that the decay ends with the run (2 epochs of 40,000 on the
 *   default preset: a warm-up of 2,000, a decay to 80,000; unscaled, a warm-up of 100,000 would
 *   outlast the run);
 * - a budget longer than the preset's own stretches the decay by `budget / ` the preset's budget
 *   (the same share of the run) and keeps the warm-up;
 * - in between, the preset's schedule is kept as it is.
 * A value given explicitly is never scaled: the caller asked for it.
 */
export function fitSchedule(
  preset: TrainPreset,
  budget: number,
  given: { decayExamples?: number | undefined; warmupExamples?: number | undefined },
): FittedSchedule {
  const presetBudget = preset.epochs * preset.examplesPerEpoch;
  const horizon = preset.decayExamples ?? presetBudget;
  const squeeze = budget < horizon;
  const decayExamples =
    given.decayExamples ??
    Math.max(1, Math.round(squeeze ? budget : budget > presetBudget ? (horizon * budget) / presetBudget : horizon));
  const presetWarmup = given.warmupExamples === undefined ? preset.warmupExamples : undefined;
  const warmupExamples =
    given.warmupExamples ??
    (presetWarmup === undefined ? undefined : squeeze ? Math.round((presetWarmup * budget) / horizon) : presetWarmup);

  // Reported: the preset's own values that were scaled. A preset without a decay of its own
  // follows the budget by definition, which is no scaling.
  const scaledPreset = {
    ...(squeeze && given.decayExamples === undefined && preset.decayExamples !== undefined ? { decayExamples: preset.decayExamples } : {}),
    ...(squeeze && presetWarmup !== undefined && presetWarmup > 0 ? { warmupExamples: presetWarmup } : {}),
  };
  const scaled = Object.keys(scaledPreset).length > 0 ? { budget, factor: budget / horizon, preset: scaledPreset } : undefined;
  return {
    decayExamples,
    ...(warmupExamples === undefined ? {} : { warmupExamples }),
    ...(scaled === undefined ? {} : { scaled }),
  };
}
