export { ALIGNED_INPUT_SIZE, ALIGNED_MAX_DIGITS, ALIGNED_OUTPUT_SIZE, AlignedLayout, parseAlignedQuestion } from './aligned-layout.js';
export { Codec } from './codec.js';
export type { CodecConfig } from './codec-config.js';
export type { DecodedAnswer } from './decoded-answer.js';
export { describeValue } from './describe-value.js';
export { alignedExampleLayout, sequenceLayout } from './example-layout.js';
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
export { hasMarker, markerOf } from './marker.js';
export { OPERATORS } from './operator.js';
export type { Operator } from './operator.js';
export type { ParsedQuestion } from './parse-question.js';
export { checkSeed, MAX_SEED } from './seed.js';
export { DEFAULT_TASK_OPTIONS, MAX_DIGITS, MIN_DIGITS } from './task-options.js';
export type { TaskOptions } from './task-options.js';
