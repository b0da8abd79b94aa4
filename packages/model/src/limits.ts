// The limits of the model's options, as named constants with no tfjs import: the CLI's flags
// and the web form read them from here (`@addrnn/model/limits`) instead of keeping their own.
// `check-limits.ts` checks them, once each.

/** The most units per recurrent layer (`hiddenSize`) createModel accepts, for every family. */
export const MAX_HIDDEN_SIZE = 4096;

/** The most stacked encoder layers, and the most decoder layers, createModel accepts. */
export const MAX_LAYERS = 8;
