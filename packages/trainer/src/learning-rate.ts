/** How the learning rate falls from `learningRate` to `learningRateFinal`. */
export type LearningRateDecay = 'exponential' | 'cosine';

/** The learning-rate schedule of a training run. */
export interface LearningRateSchedule {
  /** Learning rate at the start of training (after any warm-up). */
  learningRate: number;
  /**
   * Learning rate after `decayExamples` examples. Unset: the rate stays `learningRate`, except
   * that a cosine decay then falls to 0.
   */
  learningRateFinal?: number | undefined;
  /** Examples from the start of training to the end of the decay (warm-up included). */
  decayExamples: number;
  /** The shape of the decay. @default 'exponential' */
  learningRateDecay?: LearningRateDecay | undefined;
  /** Examples over which the rate first rises linearly from near 0 to `learningRate`. @default 0 */
  warmupExamples?: number | undefined;
}

/**
 * The learning rate after `examplesSeen` training examples.
 * - Warm-up: for the first `warmupExamples`, `learningRate * (seen + 1) / warmupExamples`.
 * - Then a decay from `learningRate` to `learningRateFinal` over the rest of `decayExamples`, at
 *   progress `p` from 0 to 1: exponential, `lr0 * (lrFinal / lr0) ** p`; or cosine,
 *   `lrFinal + (lr0 - lrFinal) * (1 + cos(pi * p)) / 2` (lrFinal 0 when unset).
 * - Constant at the final rate afterwards.
 */
export function learningRateAt(examplesSeen: number, schedule: LearningRateSchedule): number {
  const { learningRate, decayExamples } = schedule;
  const warmup = schedule.warmupExamples ?? 0;
  const seen = Math.max(examplesSeen, 0);
  if (seen < warmup) return (learningRate * Math.min(seen + 1, warmup)) / warmup;
  const decay = schedule.learningRateDecay ?? 'exponential';
  const final = schedule.learningRateFinal ?? (decay === 'cosine' ? 0 : learningRate);
  if (final === learningRate) return learningRate;
  const span = decayExamples - warmup;
  const progress = span <= 0 ? 1 : Math.min(seen - warmup, span) / span;
  if (decay === 'cosine') return final + ((learningRate - final) * (1 + Math.cos(Math.PI * progress))) / 2;
  return learningRate * (final / learningRate) ** progress;
}
