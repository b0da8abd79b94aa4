import { alignedStates, type Adder } from '@addrnn/model';

/** The state an aligned model carries into each column of one sum: what the carry probe reads. */
export interface ColumnStates {
  question: string;
  /** Columns of the sum: its longest operand + 1. */
  columns: number;
  /** One name per feature: 'hidden 0'…, then 'cell 0'…. */
  names: readonly string[];
  /**
   * `[columns, names.length]`, row-major: row `t` is the state entering column `t` (counted from
   * the right, 0 = units), the one the model carries out of column `t - 1`; row 0 is the initial
   * state, all zeros.
   */
  features: Float32Array;
}

/**
 * The one place the carry view reads the model's states: every other file sees only
 * `ColumnStates`. Today the aligned model is one LSTM pass over the columns, so its hidden and
 * cell states after column `t - 1` are the carry's state entering column `t`. When the model
 * becomes two passes (a first over the columns for the sign and the borrow, a second writing
 * the digits), the carry lives in the second pass's states: read those here, and the rest of
 * the view is unchanged.
 */
export function carryStates(adder: Adder, questions: readonly string[]): ColumnStates[] {
  return alignedStates(adder, questions).map(({ question, columns, units, hidden, cell }) => {
    const width = 2 * units;
    const features = new Float32Array(columns * width);
    for (let t = 1; t < columns; t += 1) {
      const from = (t - 1) * units;
      features.set(hidden.subarray(from, from + units), t * width);
      features.set(cell.subarray(from, from + units), t * width + units);
    }
    return { question, columns, names: stateNames(units), features };
  });
}

const namesByUnits = new Map<number, readonly string[]>();

function stateNames(units: number): readonly string[] {
  let names = namesByUnits.get(units);
  if (!names) {
    names = [...Array.from({ length: units }, (_, i) => `hidden ${i}`), ...Array.from({ length: units }, (_, i) => `cell ${i}`)];
    namesByUnits.set(units, names);
  }
  return names;
}
