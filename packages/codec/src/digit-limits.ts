/** Fewest digits an operand of a task may have. */
export const MIN_DIGITS = 1;
/** Most digits an operand of a task may have. */
export const MAX_DIGITS = 15;
