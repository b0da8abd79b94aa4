/**
 * `@addrnn/model/limits`: the limits of `createModel`'s options as named constants, with no tfjs
 * import, so that a command line's help or a form can show them without loading TensorFlow.js
 * (the CLI's flags and the web form read them from here instead of keeping their own).
 * @module @addrnn/model/limits
 */
// check-limits.ts checks them, once each.

/** The most units per recurrent layer (`hiddenSize`) createModel accepts, for every family. */
export const MAX_HIDDEN_SIZE = 4096;

/** The most stacked encoder layers, and the most decoder layers, createModel accepts. */
export const MAX_LAYERS = 8;

/** The most values the aligned family's embedding (`embeddingSize`) projects each input step to. */
export const MAX_EMBEDDING_SIZE = 1024;
