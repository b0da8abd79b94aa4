/** Evaluations per epoch the Train view aims for, so that charts fill in during a long epoch. */
const evaluationsPerEpoch = 10;
/** Never evaluate more often than every this many batches. */
const minimumBatches = 4;
/**
 * Training examples per validation question between two evaluations, at least. In the browser a
 * validation example costs about four training examples (its forward pass runs on tfjs layers,
 * training on the WebAssembly kernel; measured in headless Chromium on wasm, 3-digit LSTM of 128
 * units, batch 64: 1,000 questions in about 1.1 s, 5,056 training examples in about 1.3 s), so with 30 the
 * evaluations add about 13 % to the training time at most. Short epochs (the form's defaults
 * among them) are evaluated at their ends only.
 */
const minimumExamplesPerValidationQuestion = 30;

export interface EvaluationIntervalSettings {
  examplesPerEpoch: number;
  batchSize: number;
  validationSize: number;
}

/**
 * The `evaluateEvery` the Train view passes to `train()`: about a tenth of an epoch, at least 4
 * batches and 30 times the validation set, in whole batches (so that evaluations fall between
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
