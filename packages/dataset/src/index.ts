/**
 * Seeded, reproducible streams of arithmetic examples with train, validation and test splits
 * that never overlap, hard-case sets, and their encoding for sequence models. No tfjs.
 * @module @addrnn/dataset
 */
export { ArithmeticDataset } from './arithmetic-dataset.js';
export { checkBatchSize, MAX_BATCH_SIZE } from './batch-size.js';
export { longestCarryChain } from './chain-pair.js';
export { encodeAlignedExamples } from './encode-aligned.js';
export { encodeExamples, encodeWithLayout } from './encode-examples.js';
export type { DatasetOptions } from './arithmetic-dataset.js';
export type { EncodedBatch, Example, HardCase } from './example.js';
export { longBorrowCases, longCarryCases } from './long-carries.js';
export type { Distribution } from './operand.js';
export { createRandom } from './random.js';
export type { Random, RandomState } from './random.js';
export { splitOf } from './split.js';
export type { Split, SplitOptions } from './split.js';
export { REPLAY_CAPACITY, TrainStream } from './train-stream.js';
export type { TrainStreamState } from './train-stream.js';
