import { InvalidArgumentError } from '@addrnn/codec';
import { alignedStates, type Adder } from '@addrnn/model';

/**
 * Which pass's states: `digits` is the one that writes the answer's digits (an adder's only pass,
 * a signed model's second, with its carry or borrow), `sign` a signed model's first (the running sign).
 */
export type StatePass = 'digits' | 'sign';

/** The state an aligned model carries into each column of one question: what a probe reads. */
export interface ColumnStates {
  question: string;
  /** Columns of the question: its longest operand + 1. */
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
 * `ColumnStates`. Each pass is an LSTM over the columns from a fresh state, so its hidden and
 * cell states after column `t - 1` are its state entering column `t`: for the digits pass
 * (an adder's only one, a signed model's second) what it carries into the column, for the sign
 * pass (a signed model's first, absent for an adder) the sign it has read so far. One run of
 * the model gives both.
 */
export function statesOfPasses(adder: Adder, questions: readonly string[]): { digits: ColumnStates[]; sign?: ColumnStates[] } {
  const all = alignedStates(adder, questions);
  const digits = all.map(({ question, columns, units, hidden, cell }) => entering(question, columns, units, hidden, cell));
  if (all.some((entry) => entry.firstPass === undefined)) return { digits };
  const sign = all.map(({ question, columns, units, firstPass }) => entering(question, columns, units, firstPass!.hidden, firstPass!.cell));
  return { digits, sign };
}

/**
 * The states of one pass (see {@link statesOfPasses}).
 * @throws InvalidArgumentError when `pass` is `sign` and the model has no sign pass.
 */
export function columnStates(adder: Adder, questions: readonly string[], pass: StatePass = 'digits'): ColumnStates[] {
  const states = statesOfPasses(adder, questions)[pass];
  if (!states) throw new InvalidArgumentError(`pass must be 'digits' for a model that reads its columns once, got '${pass}'`);
  return states;
}

/** Row `t`: the state after column `t - 1` (row 0, the fresh state, all zeros). */
function entering(question: string, columns: number, units: number, hidden: Float32Array, cell: Float32Array): ColumnStates {
  const width = 2 * units;
  const features = new Float32Array(columns * width);
  for (let t = 1; t < columns; t += 1) {
    const from = (t - 1) * units;
    features.set(hidden.subarray(from, from + units), t * width);
    features.set(cell.subarray(from, from + units), t * width + units);
  }
  return { question, columns, names: stateNames(units), features };
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
