import { createRandom } from '@addrnn/dataset';
import { loadAdder, type Adder } from '@addrnn/model';
import { element, messageOf, percent } from './dom.js';
import { fitCarryProbe, HELD_OUT_SUMS, TRAINING_SUMS, type CarryProbe } from './carry-fit.js';
import { carryLegend, drawCarryPlot, type CarryPlotData } from './carry-plot.js';
import { readsCarry, type CarryReadout } from './carry-probe.js';
import { carryStates } from './carry-states.js';
import { disagreements, sumSummary, windowSummary } from './carry-summary.js';
import { chainOfNines, drawCarrySum, halfChain } from './carry-sums.js';
import { carriesInto } from './carry-truth.js';
import { createCarryControls } from './carry-controls.js';
import { grouped, operandDigits } from './long-sum-input.js';
import './carry.css';

export interface CarryView {
  element: HTMLElement;
  /** Loads the aligned model and fits the probe (once); call when the view is shown. */
  activate(): void;
}

/** Lets the browser paint a status before the main thread is busy. */
const nextPaint = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** A readout's values scaled to its training range (0..1), and its threshold on that scale. */
function scaled(readout: CarryReadout, features: Float32Array, columns: number): { values: Float64Array; threshold: number } {
  const [low, high] = readout.range;
  const scale = (value: number) => (value - low) / (high - low);
  const values = new Float64Array(columns);
  for (let t = 0; t < columns; t += 1) values[t] = scale(readout.value(features, t));
  return { values, threshold: scale(readout.threshold) };
}

/** What the probe paragraph says: how the readout was chosen and how well it predicts held-out carries. */
function describeProbe(probe: CarryProbe): string {
  const { chosen, unit, direction, heldOut, training } = probe;
  const kind = chosen.kind === 'unit' ? `the single state value ${chosen.name}` : `${chosen.name} (logistic regression on the hidden and cell states)`;
  return (
    `The probe is ${kind}, fitted on ${grouped(training.columns)} columns of ${grouped(training.sums)} training sums (${TRAINING_SUMS.minDigits} to ${TRAINING_SUMS.maxDigits} digits, with carry chains). ` +
    `On ${grouped(heldOut.chosen.columns)} columns of ${grouped(heldOut.sums)} held-out sums (up to ${HELD_OUT_SUMS.maxDigits} digits, and chains of nines of up to 200) it predicts the carry ${percent(heldOut.chosen.accuracy, 2)} of the time (correlation ${heldOut.chosen.correlation.toFixed(3)}). ` +
    (chosen === direction
      ? `The best single unit, ${unit.name}, gets ${percent(heldOut.unit.accuracy, 2)}: no one unit holds the carry alone, it is spread over several.`
      : `The best direction, ${direction.name} (logistic regression), gets ${percent(heldOut.direction.accuracy, 2)}.`)
  );
}

/**
 * Inside the carry: for a sum, the true carry into each column next to what a probe of the
 * aligned model's LSTM state reads there, column by column, in a window that can move along
 * a 10,000-digit sum and play the carry along a chain of nines.
 */
export function createCarryView(backendReady: Promise<unknown>): CarryView {
  const controls = createCarryControls();
  const modelState = element('p', { id: 'carry-model', class: 'meta', role: 'status' }, 'The aligned model loads when this view opens.');
  const probeState = element('p', { id: 'carry-probe', role: 'status', class: 'carry-probe' });
  const error = element('p', { id: 'carry-error', class: 'error', role: 'alert', hidden: true });
  // Focusable, so that a keyboard can scroll a wide window sideways.
  const plotHolder = element('div', { class: 'carry-plot', tabindex: 0, role: 'group', 'aria-label': 'Carry plot (scrolls sideways when wide)' });
  const windowText = element('p', { id: 'carry-window-summary', class: 'meta', 'aria-live': 'polite' });
  const sumText = element('p', { id: 'carry-sum-summary', role: 'status', class: 'carry-sum-summary' });
  const legendHolder = element('div');
  const figure = element(
    'figure',
    { id: 'carry-figure', class: 'carry-figure', hidden: true },
    element('figcaption', {}, 'Along the columns, most significant on the left: the true carry into each column and what the probe reads in the model’s state there.'),
    plotHolder,
    legendHolder,
    windowText,
  );
  const root = element(
    'section',
    { id: 'carry', 'aria-labelledby': 'tab-carry', role: 'tabpanel', class: 'view', hidden: true },
    element('h2', {}, 'Inside the carry'),
    element(
      'p',
      { class: 'lede' },
      'The aligned adder reads one column of digits per step, units first. To write each digit it must remember whether the column before carried. Here a probe, fitted on training sums, reads that carry from the LSTM’s state, column by column, next to the true carry.',
    ),
    modelState,
    probeState,
    controls.form,
    error,
    sumText,
    controls.windowControls,
    figure,
  );

  let adder: Adder | undefined;
  let probe: CarryProbe | undefined;
  let data: CarryPlotData | undefined;
  let loading: Promise<void> | undefined;

  const redraw = (revealedTo?: number) => {
    if (!data || !probe) return;
    const view = controls.window(data.columns, revealedTo);
    const summary = windowSummary(data, view, 'the probe');
    const plot = drawCarryPlot(data, view, summary);
    plotHolder.replaceChildren(plot);
    // Announced when the window moves, not at every column of a play.
    windowText.setAttribute('aria-live', revealedTo === undefined ? 'polite' : 'off');
    windowText.textContent = summary;
    // Keep the chosen column in sight when the window is wider than the box.
    const share = (view.to - view.selected + 0.5) / (view.to - view.from + 1);
    plotHolder.scrollLeft = Math.max(0, share * plot.getBoundingClientRect().width - plotHolder.clientWidth / 2);
  };

  const prepare = (): Promise<void> => {
    loading ??= (async () => {
      modelState.textContent = 'Loading the aligned model…';
      await backendReady;
      adder = await loadAdder('pretrained:aligned', { backend: 'current' });
      const { architecture, codec } = adder.metadata;
      modelState.textContent = `Aligned ${architecture.cell.toUpperCase()}, ${architecture.hiddenSize} units, trained on numbers of up to ${codec.digits} digits; backend ${adder.backend.name}.`;
      probeState.textContent = 'Fitting the probe on training sums…';
      await nextPaint();
      probe = fitCarryProbe(adder);
      probeState.dataset['kind'] = probe.chosen.kind;
      probeState.dataset['heldOutAccuracy'] = String(probe.heldOut.chosen.accuracy);
      probeState.textContent = describeProbe(probe);
      legendHolder.replaceChildren(carryLegend('the probe', probe.chosen.kind === 'unit' ? undefined : probe.unit.name));
      controls.enable(true);
      if (!data) await show(chainOfNines(30));
    })();
    loading.catch((caught: unknown) => {
      loading = undefined;
      modelState.textContent = `The aligned model could not load: ${messageOf(caught)}`;
      probeState.textContent = '';
    });
    return loading;
  };

  const showError = (message: string | undefined) => {
    error.textContent = message ?? '';
    error.hidden = message === undefined;
  };

  async function show(question: string, play = false): Promise<void> {
    if (!adder || !probe) return;
    controls.stop();
    const [left, right] = question.split('+') as [string, string];
    controls.setOperands(left, right);
    sumText.textContent = `Reading ${grouped(Math.max(left.length, right.length) + 1)} columns…`;
    await nextPaint();
    const [states] = carryStates(adder, [question]);
    const { columns, features } = states!;
    const carries = carriesInto(left, right);
    const readout = scaled(probe.chosen, features, columns);
    const reads = new Uint8Array(columns);
    for (let t = 0; t < columns; t += 1) reads[t] = readsCarry(probe.chosen, probe.chosen.value(features, t)) ? 1 : 0;
    data = {
      left,
      right,
      columns,
      carries,
      readout: readout.values,
      reads,
      threshold: readout.threshold,
      ...(probe.chosen.kind === 'unit' ? {} : { unit: scaled(probe.unit, features, columns).values }),
    };
    const wrong = disagreements(data);
    Object.assign(figure.dataset, { columns: String(columns), truth: bits(carries), readout: bits(reads), agree: String(columns - wrong.length) });
    figure.hidden = false;
    controls.setColumns(columns, wrong[0]);
    sumText.textContent = sumSummary(data, 'the probe');
    if (play) controls.play();
    else redraw();
  }

  const showTyped = async () => {
    showError(undefined);
    const [top, bottom] = controls.operands();
    // Each field is checked, and the first wrong one marked (aria-invalid) and focused.
    const digits = (input: HTMLInputElement, name: string): string => {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', 'carry-hint');
      try {
        return operandDigits(input.value, name);
      } catch (caught) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', 'carry-error carry-hint');
        input.focus();
        throw caught;
      }
    };
    try {
      const left = digits(top, 'Top number');
      const right = digits(bottom, 'Bottom number');
      await prepare();
      await show(`${left}+${right}`);
    } catch (caught) {
      showError(messageOf(caught));
    }
  };

  const random = createRandom(Math.floor(Math.random() * 2 ** 31));
  controls.onShow(() => void showTyped());
  controls.onExample((example) => {
    showError(undefined);
    const question = { nines: chainOfNines(30), half: halfChain(30), random: drawCarrySum(random, 40), long: drawCarrySum(random, 10_000) }[example];
    void prepare().then(() => show(question, example === 'nines' || example === 'half'));
  });
  controls.onWindow(redraw);

  return {
    element: root,
    activate: () => void prepare().catch(() => undefined),
  };
}

/** 0/1 per column, least significant first: what the browser tests compare. */
function bits(values: Uint8Array): string {
  return Array.from(values, String).join('');
}
