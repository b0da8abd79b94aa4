import { percent } from './dom.js';
import { grouped } from './long-sum-input.js';
import type { CarryPlotData, CarryWindow } from './carry-plot.js';

/** Columns (1-based, from the right) where `bits` is 1 within `from`..`to`, as runs: "2–31, 35"; "none". */
export function columnRuns(bits: Uint8Array, from: number, to: number): string {
  const runs: string[] = [];
  let start = -1;
  for (let t = from; t <= to + 1; t += 1) {
    const on = t <= to && bits[t] === 1;
    if (on && start < 0) start = t;
    if (!on && start >= 0) {
      runs.push(start === t - 1 ? grouped(start + 1) : `${grouped(start + 1)}–${grouped(t)}`);
      start = -1;
    }
  }
  return runs.length === 0 ? 'none' : runs.join(', ');
}

/** The longest run of 1s (carries, borrows, minus signs): its length and its first column (0-based). */
export function longestChain(bits: Uint8Array): { length: number; start: number } {
  let best = { length: 0, start: 0 };
  let run = 0;
  for (let t = 0; t < bits.length; t += 1) {
    run = bits[t] === 1 ? run + 1 : 0;
    if (run > best.length) best = { length: run, start: t - run + 1 };
  }
  return best;
}

/** Where the readout and the true value differ, in column order. */
export function disagreements(data: CarryPlotData): number[] {
  const wrong: number[] = [];
  for (let t = 0; t < data.columns; t += 1) if (data.reads[t] !== data.truth[t]) wrong.push(t);
  return wrong;
}

/** The text summary of one window of the plot (the SVG's label, and a paragraph under it). */
export function windowSummary(data: CarryPlotData, view: CarryWindow, readoutName: string): string {
  const { from, to } = view;
  const { noun } = data.quantity;
  let agree = 0;
  for (let t = from; t <= to; t += 1) if (data.reads[t] === data.truth[t]) agree += 1;
  const count = to - from + 1;
  return (
    `Columns ${grouped(from + 1)} to ${grouped(to + 1)} from the right (of ${grouped(data.columns)}). ` +
    `True ${noun} into columns: ${columnRuns(data.truth, from, to)}. ` +
    `${capitalise(readoutName)} reads a ${noun} into columns: ${columnRuns(data.reads, from, to)}; ` +
    (agree === count ? `it agrees in all ${grouped(count)} columns.` : `it agrees in ${grouped(agree)} of ${grouped(count)} columns.`)
  );
}

/** The text summary of the whole question. */
export function sumSummary(data: CarryPlotData, readoutName: string): string {
  const { noun } = data.quantity;
  const wrong = disagreements(data);
  const ones = data.truth.reduce((total, bit) => total + bit, 0);
  const chain = longestChain(data.truth);
  const agree = data.columns - wrong.length;
  const chainText =
    chain.length === 0
      ? `the true ${noun} goes into none of them`
      : `the true ${noun} goes into ${grouped(ones)} of them and the longest chain runs through ${grouped(chain.length)} column${chain.length === 1 ? '' : 's'} in a row (${grouped(chain.start + 1)} to ${grouped(chain.start + chain.length)})`;
  return (
    `${grouped(data.columns)} columns; ${chainText}. ` +
    `${capitalise(readoutName)} reads the ${noun} right in ${grouped(agree)} of ${grouped(data.columns)} columns (${percent(agree / data.columns, 2)})` +
    (wrong.length === 0 ? '.' : `; the first it reads wrong is column ${grouped(wrong[0]! + 1)}.`)
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
