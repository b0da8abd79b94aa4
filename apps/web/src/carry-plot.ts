import { element } from './dom.js';
import { digitAt } from './carry-truth.js';
import { grouped } from './long-sum-input.js';

const svgNamespace = 'http://www.w3.org/2000/svg';
const cell = 22;
const margin = { left: 52, right: 10 };
const rows = { left: 16, right: 34, plotTop: 56, plotBottom: 152, labels: 170 };
const height = 180;
/** How much shorter a plot without the digit rows is. */
const digitRowsHeight = 40;

/** What a plot shows and how its parts are named. */
export interface PlottedQuantity {
  id: string;
  /** What a 1 is called: "carry", "minus sign". */
  noun: string;
  /** The axis labels of 1 and 0. */
  axis: { one: string; zero: string };
  /** The shaded band in the legend: "true carry into the column". */
  truthLabel: string;
}

/** What the plot shows of one question: per column (index t from the right, 0 = units). */
export interface CarryPlotData {
  left: string;
  operator: '+' | '-';
  right: string;
  columns: number;
  quantity: PlottedQuantity;
  /** The true value (the carry, the borrow, the sign so far) in each column. */
  truth: Uint8Array;
  /** The readout's value per column, scaled so that 0..1 is its training range. */
  readout: Float64Array;
  /** Whether the readout reads a 1 (a carry, a borrow, a minus sign) in each column. */
  reads: Uint8Array;
  /** The readout's threshold on the same scale. */
  threshold: number;
  /** The best single unit's value per column on the same kind of scale (when the readout is not that unit). */
  unit?: Float64Array;
  /** That unit's name, for the legend. */
  unitName?: string;
}

/** The window drawn: columns `from`..`to` (inclusive), the highlighted column, and how far the readout is revealed (while playing). */
export interface CarryWindow {
  from: number;
  to: number;
  selected: number;
  revealedTo?: number;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The plot of one window of columns, most significant on the left as the question is written:
 * the two operands' digits (unless `digits` is false: a second plot under the first), the true
 * value in each column as a shaded band, the readout as a line of dots against its dashed
 * threshold (a red ring where it reads the column wrong), and the best single unit as a thin
 * line. The SVG is an image whose label is the window's text summary.
 */
export function drawCarryPlot(data: CarryPlotData, view: CarryWindow, summary: string, digits = true): SVGSVGElement {
  const count = view.to - view.from + 1;
  const width = margin.left + count * cell + margin.right;
  const shift = digits ? 0 : digitRowsHeight;
  const root = svg('svg', {
    viewBox: `0 ${shift} ${width} ${height - shift}`,
    role: 'img',
    'aria-label': summary,
    class: 'carry-svg',
    'data-quantity': data.quantity.id,
    'data-from': view.from,
    'data-to': view.to,
  });
  // Natural size 22 px a column (stretched to the box when narrower): 128 columns scroll sideways.
  root.style.width = `${width}px`;
  const x = (t: number) => margin.left + (view.to - t) * cell + cell / 2;
  const y = (value: number) => rows.plotBottom - (rows.plotBottom - rows.plotTop) * Math.min(1.1, Math.max(-0.1, value));
  const axis = (at: number, text: string) => svg('text', { x: margin.left - 6, y: at + 4, 'text-anchor': 'end', class: 'carry-axis' }, text);
  if (digits) root.append(axis(rows.left, 'left'), axis(rows.right, data.operator === '-' ? '− right' : '+ right'));
  root.append(axis(y(1), data.quantity.axis.one), axis(y(0), data.quantity.axis.zero));
  const revealedTo = view.revealedTo ?? view.to;
  const readoutPoints: string[] = [];
  const unitPoints: string[] = [];
  const dots = svg('g', { class: 'carry-dots' });
  // Column numbers a 1-2-5 step apart, far enough apart for the longest label (about 6.5 px a character).
  const labelWidth = grouped(view.to + 1).length * 6.5 + 6;
  const labelEvery = [1, 2, 5, 10, 20, 50].find((step) => step * cell >= labelWidth) ?? 100;
  for (let t = view.from; t <= view.to; t += 1) {
    const cx = x(t);
    if (t === view.selected) root.append(svg('rect', { x: cx - cell / 2, y: shift + 2, width: cell, height: rows.labels - shift - 8, class: 'carry-selected' }));
    if (data.truth[t] === 1) root.append(svg('rect', { x: cx - cell / 2 + 1, y: y(1), width: cell - 2, height: y(0) - y(1), class: 'carry-true', 'data-column': t }));
    const shown = (operand: string) => (t < operand.length ? String(digitAt(operand, t)) : '');
    if (digits) root.append(svg('text', { x: cx, y: rows.left + 4, class: 'carry-digit' }, shown(data.left)), svg('text', { x: cx, y: rows.right + 4, class: 'carry-digit' }, shown(data.right)));
    if ((t + 1) % labelEvery === 0 || (t === 0 && labelEvery <= 2)) root.append(svg('text', { x: cx, y: rows.labels, class: 'carry-column' }, grouped(t + 1)));
    if (t > revealedTo) continue;
    readoutPoints.push(`${cx.toFixed(1)},${y(data.readout[t]!).toFixed(1)}`);
    if (data.unit) unitPoints.push(`${cx.toFixed(1)},${y(data.unit[t]!).toFixed(1)}`);
    const wrong = data.reads[t] !== data.truth[t];
    dots.append(svg('circle', { cx: cx.toFixed(1), cy: y(data.readout[t]!).toFixed(1), r: wrong ? 5 : 3, class: wrong ? 'carry-wrong' : 'carry-read' }));
  }
  root.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(data.threshold), y2: y(data.threshold), class: 'carry-threshold' }));
  // Points in column order, units first: the line runs right to left, as the carry travels.
  if (unitPoints.length > 0) root.append(svg('polyline', { points: unitPoints.join(' '), class: 'carry-unit' }));
  if (readoutPoints.length > 0) root.append(svg('polyline', { points: readoutPoints.join(' '), class: 'carry-readout' }));
  root.append(dots);
  return root;
}

/** The legend under a plot, as a list (read by screen readers in order). */
export function carryLegend(quantity: PlottedQuantity, readoutName: string, unitName: string | undefined): HTMLUListElement {
  return element(
    'ul',
    { class: 'legend carry-legend', 'data-quantity': quantity.id },
    element('li', { class: 'carry-legend-true' }, `${quantity.truthLabel} (shaded)`),
    element('li', { class: 'carry-legend-readout' }, `${readoutName} (dots; a red ring where it reads the ${quantity.noun} wrong)`),
    ...(unitName ? [element('li', { class: 'carry-legend-unit' }, `${unitName}, the best single unit (thin line)`)] : []),
    element('li', { class: 'carry-legend-threshold' }, 'threshold (dashed)'),
  );
}
