/** Evaluations per epoch the Train view aims for, so that charts fill in during a long epoch. */
const evaluationsPerEpoch = 10;
/** Never evaluate more often than every this many batches. */
const minimumBatches = 4;
/**
 * Training examples per validation question between two evaluations, at least. Evaluating is a
 * forward pass over the validation set (about a third of a training step per example), so with
 * 2 the evaluations cost at most about a sixth of the training time.
 */
const minimumExamplesPerValidationQuestion = 2;

export interface EvaluationIntervalSettings {
  examplesPerEpoch: number;
  batchSize: number;
  validationSize: number;
}

/**
 * The `evaluateEvery` the Train view passes to `train()`: about a tenth of an epoch, at least 4
 * batches and twice the validation set, in whole batches (so that evaluations fall between
 * batches). `undefined` when that is an epoch or more: evaluate at epoch ends only.
 */
export function chooseEvaluateEvery({ examplesPerEpoch, batchSize, validationSize }: EvaluationIntervalSettings): number | undefined {
  const batchesPerEpoch = Math.ceil(examplesPerEpoch / batchSize);
  const batches = Math.max(
    minimumBatches,
    Math.ceil(batchesPerEpoch / evaluationsPerEpoch),
    Math.ceil((minimumExamplesPerValidationQuestion * validationSize) / batchSize),
  );
  return batches >= batchesPerEpoch ? undefined : batches * batchSize;
}
