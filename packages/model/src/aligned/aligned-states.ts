// The aligned model's LSTM states column by column: what a look inside the carry reads.
import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import type { Adder } from '../adder.js';
import { IncompatibleModelError, PlatformUnsupportedError } from '../errors.js';
import { AlignedForward } from './aligned-forward.js';
import { alignedModelInputSize, alignedVariables } from './aligned-model.js';
import { columnLayoutOf, pauseOf } from './column-layouts.js';

/** Most columns (questions x steps) one call computes: its states take 2 x units floats each. */
const MAX_STATE_COLUMNS = 1 << 20;

/** One aligned question's LSTM states: one row per column the model read, least significant first. */
export interface AlignedStates {
  /** The question, as given. */
  readonly question: string;
  /** Columns the model read for it: its longest operand + 1 (the last one, 0+0, writes the final carry). */
  readonly columns: number;
  /** Units of the LSTM's state. */
  readonly units: number;
  /** The hidden state after each column, `[columns, units]` row-major: row `t` after reading column `t` from the right. */
  readonly hidden: Float32Array;
  /** The cell state after each column, `[columns, units]`, as `hidden`. */
  readonly cell: Float32Array;
  /**
   * A signed model's first pass (the one that writes the sign, before `hidden` and `cell`, which
   * are then its second pass, the one that writes the digits): its states after each column,
   * `[columns, units]` each. Undefined for an adder, which reads its columns once.
   */
  readonly firstPass?: {
    /** The first pass's hidden state after each column, `[columns, units]`. */
    readonly hidden: Float32Array;
    /** The first pass's cell state after each column, `[columns, units]`. */
    readonly cell: Float32Array;
  };
}

interface CachedForward {
  forward: AlignedForward;
  weights: unknown[];
}

const forwards = new WeakMap<tf.LayersModel, CachedForward>();
const dataIdOf = (variable: tf.Variable): unknown => (variable as unknown as { dataId: unknown }).dataId;

/** The model's forward pass in the kernel, made again when its weights changed since the last call. */
function forwardOf(model: tf.LayersModel): AlignedForward {
  const variables = alignedVariables(model);
  if (variables === undefined) throw new IncompatibleModelError(`alignedStates needs an aligned model (one LSTM and a Dense output), got model "${model.name}"`);
  const weights = variables.map(dataIdOf);
  const cached = forwards.get(model);
  if (cached && weights.every((id, i) => id === cached.weights[i])) return cached.forward;
  let forward: AlignedForward;
  try {
    forward = new AlignedForward(model);
  } catch (error) {
    throw new PlatformUnsupportedError(`alignedStates runs in the WebAssembly SIMD kernel, which cannot run here (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  forwards.set(model, { forward, weights });
  return forward;
}

/**
 * Runs an aligned model's LSTM over each question, column by column as its answers are
 * computed (the same kernel forward pass), and returns its hidden and cell states after every
 * column: what a probe of the carry reads. For a signed model (trained with `-`), `hidden` and
 * `cell` are the second pass's (the digits, with their carry or borrow) and `firstPass` the
 * first's (the sign). Questions of different lengths each get their own
 * columns (a batch is padded to its longest; padding comes after a question's columns, so it
 * changes none of them).
 * @throws InvalidQuestionError naming `questions[i]`; IncompatibleModelError unless `adder` is an
 * aligned adder; InvalidArgumentError when the questions hold more than 2^20 columns together;
 * PlatformUnsupportedError where WebAssembly SIMD is missing.
 */
export function alignedStates(adder: Adder, questions: readonly string[]): AlignedStates[] {
  const model = (typeof adder === 'object' && adder !== null ? (adder as Partial<Adder>).model : undefined) as tf.LayersModel | undefined;
  if (typeof model?.predict !== 'function') throw new InvalidArgumentError(`alignedStates(adder, questions) needs an Adder (from loadAdder), got ${describeValue(adder)}`);
  const layout = columnLayoutOf(alignedModelInputSize(model));
  const steps = layout.steps(questions);
  if (questions.length * steps > MAX_STATE_COLUMNS) {
    throw new InvalidArgumentError(`alignedStates computes at most ${MAX_STATE_COLUMNS} columns (questions x (longest operand + 1)) per call, got ${questions.length} x ${steps}; ask for fewer or shorter questions`);
  }
  const forward = forwardOf(model);
  if (questions.length === 0) return [];
  const units = forward.units;
  // A signed model reads the columns twice: the first pass up to the middle, then the second, given the sign the first chose.
  const pause = pauseOf(layout, steps);
  const { hidden, cell } = forward.states(layout.encodeQuestions(questions, steps), questions.length, steps, pause);
  const second = pause ? pause.at : 0;
  return questions.map((question, index) => {
    const columns = pause ? layout.stepsOfOne(question) / 2 : layout.stepsOfOne(question);
    const from = index * steps * units;
    const rows = (start: number) => ({ hidden: hidden.slice(from + start * units, from + (start + columns) * units), cell: cell.slice(from + start * units, from + (start + columns) * units) });
    return pause ? { question, columns, units, ...rows(second), firstPass: rows(0) } : { question, columns, units, ...rows(0) };
  });
}
