const svgNamespace = 'http://www.w3.org/2000/svg';
const width = 320;
const height = 180;
const margin = { top: 12, right: 12, bottom: 26, left: 42 };
/** A series with more points than this is drawn as a line without dots. */
const maximumDots = 150;
/** A series with more points than this is drawn from every n-th point (the first and last kept). */
const maximumDrawnPoints = 1000;

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  /** A CSS class that colours the line and its legend entry. */
  className: string;
  /** Draw a dot at each point (while the series has at most 150). @default true */
  dots?: boolean;
}

export interface LineChartOptions {
  title: string;
  series: Series[];
  /** Fixed y range (accuracies: [0, 1]); unset: from 0 to the largest value. */
  yDomain?: [number, number];
  formatY?: (value: number) => string;
  /** The x axis's title. @default 'examples' */
  xTitle?: string;
  /** What the chart says while it has no points. @default 'No data yet.' */
  placeholder?: string;
}

export interface LineChart {
  element: HTMLElement;
  /**
   * One array of points per series, in increasing x. With no point at all the chart draws no
   * axes, only its placeholder text. Each series' path carries its point count in `data-points`.
   */
  update(values: Point[][]): void;
  /** Removes every point; `placeholder` replaces the text shown until points arrive. */
  clear(placeholder?: string): void;
}

const compactNumber = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** "0", "500", "2.5K", "1.2M": x-axis labels for counts of examples. */
export function formatCount(value: number): string {
  return compactNumber.format(value);
}

/** Tick values from 0 to at most `maximum`, a 1-2-5 step apart, about `count` of them. */
export function niceTicks(maximum: number, count = 4): number[] {
  if (!(maximum > 0) || !Number.isFinite(maximum)) return [0];
  const rough = maximum / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let tick = 0; tick <= maximum * (1 + 1e-9); tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/** At most `limit` points of `points`, evenly strided, the first and the last kept. */
export function thinPoints(points: Point[], limit = maximumDrawnPoints): Point[] {
  if (points.length <= limit) return points;
  // limit - 1 strided points, and room for the last one.
  const stride = Math.ceil(points.length / (limit - 1));
  const thinned = points.filter((_, index) => index % stride === 0);
  if (thinned[thinned.length - 1] !== points[points.length - 1]) thinned.push(points[points.length - 1]!);
  return thinned;
}

let chartCount = 0;

/**
 * One line per series in words: its last value and where, and its lowest and highest, e.g.
 * "validation: 0.12 at 250K examples (lowest 0.10, highest 1.90, 12 points)"; the placeholder
 * when there are no points.
 */
export function describeSeries(series: readonly Series[], values: readonly Point[][], formatY: (value: number) => string, xTitle: string, placeholder: string): string {
  const lines = series.flatMap((entry, index) => {
    const points = (values[index] ?? []).filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
    const last = points[points.length - 1];
    if (!last) return [];
    const ys = points.map((point) => point.y);
    const range = points.length > 1 ? `lowest ${formatY(Math.min(...ys))}, highest ${formatY(Math.max(...ys))}, ${points.length} points` : '1 point';
    return [`${entry.name}: ${formatY(last.y)} at ${formatCount(last.x)} ${xTitle} (${range})`];
  });
  return lines.length === 0 ? placeholder : `${lines.join('; ')}.`;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** A small SVG line chart of values against examples seen, one line per series, drawn without a library. */
export function createLineChart(options: LineChartOptions): LineChart {
  const { title, series, formatY = (value) => value.toFixed(2), xTitle = 'examples' } = options;
  let placeholder = options.placeholder ?? 'No data yet.';
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  const grid = svg('g', { class: 'grid' });
  const lines = series.map((entry) => svg('path', { class: `line ${entry.className}`, d: '', 'data-series': entry.name, 'data-points': 0 }));
  const dots = series.map((entry) => svg('g', { class: `dots ${entry.className}` }));
  const message = svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'placeholder' });
  root.append(grid, ...lines, ...dots, message);
  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const entry of series) {
    const item = document.createElement('li');
    item.className = entry.className;
    item.textContent = entry.name;
    legend.append(item);
  }
  // The chart in words, for everyone and for screen readers (the SVG's description).
  const summary = document.createElement('p');
  summary.className = 'chart-summary';
  summary.id = `chart-summary-${++chartCount}`;
  root.setAttribute('aria-describedby', summary.id);
  figure.append(caption, root, legend, summary);

  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;

  const drawAxes = (xTicks: number[], x: (value: number) => number, yMin: number, yMax: number) => {
    grid.replaceChildren();
    for (let tick = 0; tick <= 4; tick += 1) {
      const value = yMin + ((yMax - yMin) * tick) / 4;
      const y = margin.top + innerHeight - (innerHeight * tick) / 4;
      grid.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: y, y2: y }));
      const label = svg('text', { x: margin.left - 6, y: y + 4, 'text-anchor': 'end' });
      label.textContent = formatY(value);
      grid.append(label);
    }
    // No label at 0: the axis title sits in that corner.
    for (const tick of xTicks.filter((value) => value > 0)) {
      const label = svg('text', { x: x(tick).toFixed(1), y: height - 8, 'text-anchor': 'middle' });
      label.textContent = formatCount(tick);
      grid.append(label);
    }
    const axisTitle = svg('text', { x: 0, y: height - 8, 'text-anchor': 'start', class: 'axis-title' });
    axisTitle.textContent = xTitle;
    grid.append(axisTitle);
  };

  const update = (values: Point[][]) => {
    const points = values.flat().filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
    values.forEach((line, seriesIndex) => lines[seriesIndex]?.setAttribute('data-points', String(line.length)));
    figure.dataset['empty'] = String(points.length === 0);
    summary.textContent = describeSeries(series, values, formatY, xTitle, placeholder);
    if (points.length === 0) {
      grid.replaceChildren();
      for (const path of lines) path.setAttribute('d', '');
      for (const group of dots) group.replaceChildren();
      message.textContent = placeholder;
      return;
    }
    message.textContent = '';
    const xMax = Math.max(...points.map((point) => point.x));
    const [yMin, yMax] = options.yDomain ?? [0, Math.max(1e-6, ...points.map((point) => point.y)) * 1.05];
    // One point (or several at one x) sits in the middle; otherwise x runs from 0 to the last point.
    const x = (value: number) => margin.left + (xMax <= 0 ? innerWidth / 2 : (innerWidth * value) / xMax);
    const y = (value: number) => margin.top + innerHeight - (innerHeight * (Math.min(yMax, Math.max(yMin, value)) - yMin)) / (yMax - yMin);
    drawAxes(xMax <= 0 ? [] : niceTicks(xMax), x, yMin, yMax);
    values.forEach((line, seriesIndex) => {
      const drawn = thinPoints(line.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y)));
      const coordinates = drawn.map((point) => `${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`);
      lines[seriesIndex]?.setAttribute('d', coordinates.length === 0 ? '' : `M${coordinates.join('L')}`);
      const withDots = (series[seriesIndex]?.dots ?? true) && drawn.length <= maximumDots;
      dots[seriesIndex]?.replaceChildren(
        ...(withDots ? drawn.map((point) => svg('circle', { cx: x(point.x).toFixed(1), cy: y(point.y).toFixed(1), r: 2.5 })) : []),
      );
    });
  };

  const clear = (text?: string) => {
    if (text !== undefined) placeholder = text;
    update(series.map(() => []));
  };
  clear();
  return { element: figure, update, clear };
}
