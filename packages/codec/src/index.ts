/**
 * Character vocabulary and encoding of arithmetic questions and answers for sequence models:
 * {@link Codec} for the fixed-length layout of the seq2seq model, {@link AlignedLayout} for the
 * digit columns of the aligned adder, {@link SignedLayout} for its two-pass signed form, and the coded errors every addrnn package throws.
 * @module @addrnn/codec
 */
export { ALIGNED_INPUT_SIZE, ALIGNED_MAX_DIGITS, ALIGNED_OUTPUT_SIZE, AlignedLayout, parseAlignedQuestion } from './aligned-layout.js';
export { Codec } from './codec.js';
export type { CodecConfig } from './codec-config.js';
export type { DecodedAnswer } from './decoded-answer.js';
export { alignedExampleLayout, productExampleLayout, sequenceLayout, signedExampleLayout, signedFeedbackExampleLayout } from './example-layout.js';
export { PRODUCT_INPUT_SIZE, PRODUCT_MAX_DIGITS, PRODUCT_OPERATORS, PRODUCT_OUTPUT_SIZE, ProductLayout, parseProductQuestion } from './product-layout.js';
export { SIGNED_FEEDBACK_INPUT_SIZE, SIGNED_INPUT_SIZE, SIGNED_OUTPUT_SIZE, SignedFeedbackLayout, SignedLayout, type SignedFeedback } from './signed-layout.js';
export { SIGNED_OPERATORS, parseSignedQuestion } from './signed-question.js';
export type { ExampleLayout, ExampleShape } from './example-layout.js';
export {
  AddrnnError,
  BufferSizeError,
  InvalidAnswerError,
  InvalidArgumentError,
  InvalidOptionError,
  InvalidQuestionError,
  VocabularyMismatchError,
} from './errors.js';
export type { DrawSource, HardCaseKind, HardCaseOperands, OperandDistribution, OperatorTask } from './tasks/operator-task.js';
export { drawOperand } from './tasks/draw.js';
export { OPERATORS, operatorTask, operatorTasks, registerOperator } from './tasks/registry.js';
export type { Operator, RegisteredOperators } from './tasks/registry.js';
export type { ParsedQuestion } from './parse-question.js';
export { MAX_SEED } from './seed.js';
export { DEFAULT_TASK_OPTIONS, MAX_DIGITS, MIN_DIGITS } from './task-options.js';
export type { TaskOptions } from './task-options.js';
