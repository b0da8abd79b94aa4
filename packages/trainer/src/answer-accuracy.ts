/** Running totals of the per-position and whole-answer matches of a set of predictions. */
export interface AccuracyCounts {
  examples: number;
  correctCharacters: number;
  correctAnswers: number;
  /**
   * Answer positions counted (aligned batches differ in length); absent in checkpoints written
   * before it existed, where every answer had `answerLength` positions.
   */
  positions?: number;
}

/**
 * Adds to `counts` how many of `predicted`'s answer positions equal `expected`'s, and how many
 * answers match in every position. Both are row-major `[examples, answerLength]` indices. The
 * rows with a wrong answer go into `wrongRows`, when given (hard-example replay).
 */
export function countMatches(
  counts: AccuracyCounts,
  predicted: ArrayLike<number>,
  expected: ArrayLike<number>,
  answerLength: number,
  wrongRows?: number[],
): void {
  const examples = predicted.length / answerLength;
  for (let example = 0; example < examples; example += 1) {
    let correct = 0;
    for (let position = example * answerLength; position < (example + 1) * answerLength; position += 1) {
      if (predicted[position] === expected[position]) correct += 1;
    }
    counts.correctCharacters += correct;
    if (correct === answerLength) counts.correctAnswers += 1;
    else wrongRows?.push(example);
  }
  counts.positions = (counts.positions ?? counts.examples * answerLength) + examples * answerLength;
  counts.examples += examples;
}

export function emptyCounts(): AccuracyCounts {
  return { examples: 0, correctCharacters: 0, correctAnswers: 0, positions: 0 };
}

export function accuracies(
  counts: AccuracyCounts,
  answerLength: number,
): { charAccuracy: number; exactMatch: number } {
  if (counts.examples === 0) return { charAccuracy: 0, exactMatch: 0 };
  return {
    charAccuracy: counts.correctCharacters / (counts.positions ?? counts.examples * answerLength),
    exactMatch: counts.correctAnswers / counts.examples,
  };
}
