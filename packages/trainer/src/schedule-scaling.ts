/**
 * How a fresh run's learning-rate schedule was fitted to a budget shorter than its preset's
 * (`StartInfo.scheduleScaled`): the preset's warm-up and decay, multiplied by one factor.
 */
export interface ScheduleScaling {
  /** The run's budget, `epochs * examplesPerEpoch`: where the scaled decay ends. */
  budget: number;
  /** `budget` / the preset's `decayExamples`, below 1: what the preset's values were multiplied by. */
  factor: number;
  /**
   * The preset's values before scaling, for those that were scaled: the ones the options left
   * unset (a value given explicitly is kept as given).
   */
  preset: {
    /** The preset's `warmupExamples`, when it was scaled. */
    warmupExamples?: number;
    /** The preset's `decayExamples`, when it was scaled. */
    decayExamples?: number;
  };
}
