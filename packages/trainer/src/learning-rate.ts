/** The learning-rate schedule of a training run. */
export interface LearningRateSchedule {
  /** Learning rate at the start of training. */
  learningRate: number;
  /** Learning rate after `decayExamples` examples; unset: the rate stays `learningRate`. */
  learningRateFinal?: number | undefined;
  /** Number of examples over which the rate decays from `learningRate` to `learningRateFinal`. */
  decayExamples: number;
}

/**
 * The learning rate after `examplesSeen` training examples: an exponential decay from
 * `learningRate` to `learningRateFinal` over `decayExamples` examples, constant afterwards
 * (`lr0 * (lrFinal / lr0) ** (min(seen, decay) / decay)`).
 */
export function learningRateAt(examplesSeen: number, schedule: LearningRateSchedule): number {
  const { learningRate, learningRateFinal, decayExamples } = schedule;
  if (learningRateFinal === undefined || learningRateFinal === learningRate) return learningRate;
  const progress = Math.min(Math.max(examplesSeen, 0), decayExamples) / decayExamples;
  return learningRate * (learningRateFinal / learningRate) ** progress;
}
