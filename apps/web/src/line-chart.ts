const svgNamespace = 'http://www.w3.org/2000/svg';
const width = 320;
const height = 180;
const margin = { top: 12, right: 12, bottom: 26, left: 42 };

export interface Series {
  name: string;
  /** A CSS class that colours the line and its legend entry. */
  className: string;
}

export interface LineChartOptions {
  title: string;
  series: Series[];
  /** Fixed y range (accuracies: [0, 1]); unset: from 0 to the largest value. */
  yDomain?: [number, number];
  formatY?: (value: number) => string;
}

export interface LineChart {
  element: HTMLElement;
  /** One array of values per series, indexed by epoch - 1. */
  update(values: number[][]): void;
  clear(): void;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** A small SVG line chart of per-epoch values, one line per series, drawn without a library. */
export function createLineChart(options: LineChartOptions): LineChart {
  const { title, series, formatY = (value) => value.toFixed(2) } = options;
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  const grid = svg('g', { class: 'grid' });
  const lines = series.map((entry) => svg('path', { class: `line ${entry.className}`, d: '' }));
  const dots = series.map((entry) => svg('g', { class: `dots ${entry.className}` }));
  root.append(grid, ...lines, ...dots);
  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const entry of series) {
    const item = document.createElement('li');
    item.className = entry.className;
    item.textContent = entry.name;
    legend.append(item);
  }
  figure.append(caption, root, legend);

  const drawAxes = (epochs: number, yMin: number, yMax: number) => {
    grid.replaceChildren();
    const innerWidth = width - margin.left - margin.right;
    const innerHeight = height - margin.top - margin.bottom;
    for (let tick = 0; tick <= 4; tick += 1) {
      const value = yMin + ((yMax - yMin) * tick) / 4;
      const y = margin.top + innerHeight - (innerHeight * tick) / 4;
      grid.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: y, y2: y }));
      const label = svg('text', { x: margin.left - 6, y: y + 4, 'text-anchor': 'end' });
      label.textContent = formatY(value);
      grid.append(label);
    }
    const step = Math.max(1, Math.ceil(epochs / 6));
    for (let epoch = 1; epoch <= epochs; epoch += step) {
      const x = margin.left + (epochs === 1 ? innerWidth / 2 : (innerWidth * (epoch - 1)) / (epochs - 1));
      const label = svg('text', { x, y: height - 8, 'text-anchor': 'middle' });
      label.textContent = String(epoch);
      grid.append(label);
    }
    const axisTitle = svg('text', { x: margin.left - 6, y: height - 8, 'text-anchor': 'end', class: 'axis-title' });
    axisTitle.textContent = 'epoch';
    grid.append(axisTitle);
  };

  const update = (values: number[][]) => {
    const epochs = Math.max(1, ...values.map((line) => line.length));
    const finite = values.flat().filter(Number.isFinite);
    const [yMin, yMax] = options.yDomain ?? [0, Math.max(1e-6, ...finite) * 1.05];
    drawAxes(epochs, yMin, yMax);
    const innerWidth = width - margin.left - margin.right;
    const innerHeight = height - margin.top - margin.bottom;
    const x = (index: number) => margin.left + (epochs === 1 ? innerWidth / 2 : (innerWidth * index) / (epochs - 1));
    const y = (value: number) => margin.top + innerHeight - (innerHeight * (Math.min(yMax, Math.max(yMin, value)) - yMin)) / (yMax - yMin);
    values.forEach((line, seriesIndex) => {
      const points = line.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`);
      lines[seriesIndex]?.setAttribute('d', points.length === 0 ? '' : `M${points.join('L')}`);
      dots[seriesIndex]?.replaceChildren(
        ...line.map((value, index) => svg('circle', { cx: x(index).toFixed(1), cy: y(value).toFixed(1), r: 2.5 })),
      );
    });
  };

  const clear = () => update(series.map(() => []));
  clear();
  return { element: figure, update, clear };
}
