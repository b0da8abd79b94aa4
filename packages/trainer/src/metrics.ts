/** Loss and accuracies over a set of examples. */
export interface Metrics {
  /** Mean categorical cross-entropy per answer position. */
  loss: number;
  /** Share of answer positions predicted right, padding included (what Keras reports as accuracy). */
  charAccuracy: number;
  /** Share of answers predicted right in every position. */
  exactMatch: number;
}
