import { element, percent } from './dom.js';
import { grouped, lowestConfidence } from './long-sum-input.js';

const stripHeight = 56;

/**
 * A column's height from 0 to 1: how sure the model was on a log scale of its doubt (1 - p), so
 * that 99 % and 99.99 % look different: full height at 99.99 % or surer, 3/4 at 99.9 %, half at
 * 99 %, a quarter at 90 %, almost none at 50 %.
 */
export function surety(probability: number): number {
  const doubt = 1 - probability;
  if (!(doubt > 0)) return 1;
  return Math.min(1, Math.max(0, -Math.log10(doubt) / 4));
}

/** The colour of a digit's column: green when sure, through amber, to red below one half. */
export function probabilityColour(probability: number): string {
  if (probability >= 0.999) return '#1d7a3e';
  if (probability >= 0.99) return '#4f9a2c';
  if (probability >= 0.9) return '#a3a51e';
  if (probability >= 0.5) return '#d9731a';
  return '#b3261e';
}

export interface ConfidenceStrip {
  element: HTMLElement;
  /**
   * Draws one column per answer digit, in reading order (most significant digit on the left);
   * `wrongIndex` (an index into the answer) gets a red marker below the strip.
   */
  draw(confidence: readonly number[], wrongIndex?: number): void;
  clear(): void;
}

/**
 * How sure the model was of each answer digit, as a canvas strip: column heights and colours by
 * probability. When there are more digits than pixels, each pixel column shows the lowest
 * probability of the digits it covers, so that no unsure digit disappears in the scaling. The
 * canvas says how many columns it drew (`data-digits`) and the lowest probability; the text
 * under it says the same for everyone.
 */
export function createConfidenceStrip(): ConfidenceStrip {
  const canvas = element('canvas', { id: 'long-strip', class: 'long-strip', role: 'img', 'aria-label': 'No sum yet', height: stripHeight });
  const summary = element('p', { id: 'long-strip-summary', class: 'meta' });
  const root = element(
    'figure',
    { class: 'long-strip-figure' },
    canvas,
    element(
      'figcaption',
      {},
      'How sure the model was of each answer digit, most significant on the left: taller and greener is surer (full height: 99.99 % or more, half: 99 %, red: under 50 %).',
    ),
    summary,
  );
  let last: { confidence: readonly number[]; wrongIndex: number | undefined } | undefined;

  const paint = () => {
    const context = canvas.getContext('2d');
    if (!context || !last) return;
    const { confidence, wrongIndex } = last;
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = Math.max(1, canvas.clientWidth || canvas.parentElement?.clientWidth || 600);
    const width = Math.max(1, Math.round(cssWidth * ratio));
    const height = Math.round(stripHeight * ratio);
    canvas.width = width;
    canvas.height = height;
    context.fillStyle = '#edf0f6';
    context.fillRect(0, 0, width, height);
    const count = confidence.length;
    if (count === 0) return;
    const markerHeight = Math.round(6 * ratio);
    const barArea = height - markerHeight;
    const columns = Math.min(width, count);
    for (let column = 0; column < columns; column += 1) {
      const first = Math.floor((column * count) / columns);
      const end = Math.max(first + 1, Math.floor(((column + 1) * count) / columns));
      let lowest = 1;
      for (let index = first; index < end; index += 1) lowest = Math.min(lowest, confidence[index] ?? 0);
      const left = Math.floor((column * width) / columns);
      const right = Math.floor(((column + 1) * width) / columns);
      const barHeight = Math.max(2 * ratio, surety(lowest) * barArea);
      context.fillStyle = probabilityColour(lowest);
      // A pixel gap between columns when each digit is wide enough to show one.
      context.fillRect(left, barArea - barHeight, Math.max(1, right - left - (right - left > 4 * ratio ? ratio : 0)), barHeight);
    }
    if (wrongIndex !== undefined && wrongIndex >= 0) {
      const x = Math.floor(((wrongIndex + 0.5) * width) / count);
      context.fillStyle = '#b3261e';
      context.fillRect(Math.max(0, x - 2 * ratio), barArea, 4 * ratio, markerHeight);
    }
  };

  const clear = () => {
    last = undefined;
    canvas.removeAttribute('data-digits');
    canvas.removeAttribute('data-lowest');
    canvas.setAttribute('aria-label', 'No sum yet');
    canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    summary.textContent = '';
  };

  const draw = (confidence: readonly number[], wrongIndex?: number) => {
    last = { confidence, wrongIndex };
    canvas.dataset['digits'] = String(confidence.length);
    const lowest = lowestConfidence(confidence);
    if (!lowest) {
      canvas.removeAttribute('data-lowest');
      canvas.setAttribute('aria-label', 'The model wrote no digits');
      summary.textContent = '';
    } else {
      const fromRight = confidence.length - lowest.index;
      canvas.dataset['lowest'] = String(lowest.probability);
      const text = `Lowest confidence: ${percent(lowest.probability, 2)} at digit ${grouped(fromRight)} from the right (of ${grouped(confidence.length)}).`;
      summary.textContent = text;
      canvas.setAttribute('aria-label', `Confidence of each of the ${grouped(confidence.length)} answer digits. ${text}`);
    }
    paint();
  };

  // Redraw at the new width when the page is resized (or the view is shown after being hidden).
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => paint()).observe(canvas);
  return { element: root, draw, clear };
}
