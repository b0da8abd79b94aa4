import type { Adder } from '@addrnn/model';
import { casesOf, type Probe } from './carry-fit.js';
import type { CarryPlotData } from './carry-plot.js';
import { readsOne, type Readout } from './carry-probe.js';
import { digitsQuantity, SIGN, type Quantity } from './carry-quantities.js';
import { statesOfPasses, type ColumnStates } from './carry-states.js';
import { exactAnswer, splitQuestion } from './carry-truth.js';

/** A model the view looks inside, with the probe of each quantity it plots. */
export interface LookedModel {
  chosen: 'aligned' | 'signed';
  adder: Adder;
  /** The model in a sentence: its shape, what it computes, the backend. */
  description: string;
  /** Whether it reads the columns twice (a sign pass, then the digits). */
  signed: boolean;
  probes: ReadonlyMap<Quantity['id'], Probe>;
}

/** The plots of one question: the digits pass's carry or borrow, and a signed model's running sign. */
export interface QuestionPlots {
  digits: CarryPlotData;
  sign?: CarryPlotData;
  /** The model's own answer, and whether it is the exact one (a probe reads the model's state, right or wrong). */
  answer: { text: string; right: boolean; wrongSign: boolean };
}

/** A readout's values scaled to its training range (0..1), and its threshold on that scale. */
function scaled(readout: Readout, features: Float32Array, columns: number): { values: Float64Array; threshold: number } {
  const [low, high] = readout.range;
  const scale = (value: number) => (value - low) / (high - low);
  const values = new Float64Array(columns);
  for (let t = 0; t < columns; t += 1) values[t] = scale(readout.value(features, t));
  return { values, threshold: scale(readout.threshold) };
}

/** One plot: the quantity's truth from the digits, and what its probe (of the question's case) reads in the states. */
function plotOf(looked: LookedModel, quantity: Quantity, states: ColumnStates): CarryPlotData {
  const probe = looked.probes.get(quantity.id)!;
  const { chosen, unit } = probe.cases[casesOf(looked.adder, quantity.task, [states.question])[0]!]!;
  const { columns, features } = states;
  const readout = scaled(chosen, features, columns);
  const reads = new Uint8Array(columns);
  for (let t = 0; t < columns; t += 1) reads[t] = readsOne(chosen, chosen.value(features, t)) ? 1 : 0;
  return {
    ...splitQuestion(states.question),
    columns,
    quantity,
    truth: quantity.task.target(states.question),
    readout: readout.values,
    reads,
    threshold: readout.threshold,
    ...(chosen.kind === 'unit' ? {} : { unit: scaled(unit, features, columns).values, unitName: unit.name }),
  };
}

/** Runs the model over one question (once) and reads every plot's probe in its states. */
export function questionPlots(looked: LookedModel, question: string): QuestionPlots {
  const { digits, sign } = statesOfPasses(looked.adder, [question]);
  const parts = splitQuestion(question);
  const digitsPlot = plotOf(looked, digitsQuantity(parts.operator), digits[0]!);
  const text = looked.adder.predict(question);
  const exact = exactAnswer(parts);
  const answer = { text, right: text === exact, wrongSign: text.startsWith('-') !== exact.startsWith('-') };
  return looked.signed && sign ? { digits: digitsPlot, sign: plotOf(looked, SIGN, sign[0]!), answer } : { digits: digitsPlot, answer };
}
