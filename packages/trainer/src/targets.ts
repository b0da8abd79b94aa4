import type { Metrics } from './metrics.js';

/** The validation whole-answer accuracies whose first passing is reported. */
export const ACCURACY_TARGETS = [0.97, 0.99, 0.999] as const;

/** When a run first passed an accuracy target, at a validation evaluation. */
export interface TargetReport {
  /** The target, e.g. 0.999. */
  accuracy: number;
  /** Validation whole-answer accuracy at that evaluation. */
  exactMatch: number;
  /** Training examples seen by then. */
  examplesSeen: number;
  /** Wall time of training by then, resumed runs included, in seconds. */
  elapsedSeconds: number;
  /** Validation questions the claim rests on. */
  validationSize: number;
}

/**
 * The fewest validation questions on which reaching `accuracy` is claimed: enough that the
 * target still allows 10 wrong answers (97%: 334, 99%: 1,000, 99.9%: 10,000). With 2,000
 * questions, 99.9% would allow only 2 errors, which is chance as much as skill.
 */
export function questionsToClaim(accuracy: number): number {
  return Math.ceil(10 / (1 - accuracy) - 1e-9);
}

/**
 * The targets this evaluation passes for the first time (appended to `reached` too). A target is
 * only claimed on a validation set of at least `questionsToClaim(target)` questions.
 */
export function recordTargets(
  reached: TargetReport[],
  validation: Metrics,
  at: { examplesSeen: number; elapsedSeconds: number; validationSize: number },
  targets: readonly number[] = ACCURACY_TARGETS,
): TargetReport[] {
  const fresh: TargetReport[] = [];
  for (const accuracy of targets) {
    if (reached.some((report) => report.accuracy === accuracy)) continue;
    if (at.validationSize < questionsToClaim(accuracy) || validation.exactMatch < accuracy) continue;
    const report = { accuracy, exactMatch: validation.exactMatch, ...at };
    reached.push(report);
    fresh.push(report);
  }
  return fresh;
}
