export { Codec } from './codec.js';
export type { CodecConfig } from './codec-config.js';
export type { DecodedAnswer } from './decoded-answer.js';
export {
  AddrnnError,
  BufferSizeError,
  InvalidAnswerError,
  InvalidOptionError,
  InvalidQuestionError,
  VocabularyMismatchError,
} from './errors.js';
export { OPERATORS } from './operator.js';
export type { Operator } from './operator.js';
export type { ParsedQuestion } from './parse-question.js';
export { DEFAULT_TASK_OPTIONS, MAX_DIGITS, MIN_DIGITS } from './task-options.js';
export type { TaskOptions } from './task-options.js';
