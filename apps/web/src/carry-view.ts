import { createRandom } from '@addrnn/dataset';
import { element, messageOf } from './dom.js';
import { createCarryControls, type CarryModel } from './carry-controls.js';
import { questionPlots, type LookedModel, type QuestionPlots } from './carry-data.js';
import { exampleQuestion, CARRY_EXAMPLES } from './carry-examples.js';
import { lookInside } from './carry-models.js';
import { carryLegend, drawCarryPlot } from './carry-plot.js';
import { describeProbe } from './carry-probe-text.js';
import { digitsQuantity, probeName, quantitiesOf, SIGN } from './carry-quantities.js';
import { disagreements, sumSummary, windowSummary } from './carry-summary.js';
import { borrowChain } from './carry-differences.js';
import { chainOfNines } from './carry-sums.js';
import { splitQuestion } from './carry-truth.js';
import { grouped, operandDigits } from './long-sum-input.js';
import './carry.css';

export interface CarryView {
  element: HTMLElement;
  /** Loads the chosen model and fits its probes (once); call when the view is shown. */
  activate(): void;
}

/** Lets the browser paint a status before the main thread is busy. */
const nextPaint = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** The question each model shows first: a chain, played. */
const FIRST_QUESTION: Record<CarryModel, string> = { aligned: chainOfNines(30), signed: borrowChain(30) };

/** What is on screen: the question's plots and the names of their probes. */
interface Shown {
  model: CarryModel;
  question: string;
  plots: QuestionPlots;
  names: { digits: string; sign: string };
}

/**
 * Inside the carry: for a question, the true carry (or borrow, and for the signed model the
 * running sign) in each column next to what a probe of the model's LSTM state reads there,
 * column by column, in a window that can move along a 10,000-digit question and play a chain.
 */
export function createCarryView(backendReady: Promise<unknown>): CarryView {
  const controls = createCarryControls();
  const modelState = element('p', { id: 'carry-model', class: 'meta', role: 'status' }, 'The aligned model loads when this view opens.');
  const probeState = element('div', { id: 'carry-probe', role: 'status', class: 'carry-probe' });
  const error = element('p', { id: 'carry-error', class: 'error', role: 'alert', hidden: true });
  // Focusable, so that a keyboard can scroll a wide window sideways; both plots scroll together.
  const plotHolder = element('div', { class: 'carry-plot', tabindex: 0, role: 'group', 'aria-label': 'Carry plot (scrolls sideways when wide)' });
  const windowText = element('p', { id: 'carry-window-summary', class: 'meta', 'aria-live': 'polite' });
  const signWindowText = element('p', { id: 'carry-sign-window-summary', class: 'meta', 'aria-live': 'polite', hidden: true });
  const sumText = element('p', { id: 'carry-sum-summary', role: 'status', class: 'carry-sum-summary' });
  const legendHolder = element('div', { class: 'carry-legends' });
  const caption = element('figcaption', {});
  const figure = element('figure', { id: 'carry-figure', class: 'carry-figure', hidden: true }, caption, plotHolder, legendHolder, windowText, signWindowText);
  const root = element(
    'section',
    { id: 'carry', 'aria-labelledby': 'tab-carry', role: 'tabpanel', class: 'view', hidden: true },
    element('h2', {}, 'Inside the carry'),
    element(
      'p',
      { class: 'lede' },
      'The aligned adder reads one column of digits per step, units first. To write each digit it must remember whether the column before carried. Here a probe, fitted on training sums, reads that carry from the LSTM’s state, column by column, next to the true carry. The signed model subtracts too: its first pass reads the sign, its second writes the digits with their carry or borrow; a probe reads each. Each of its steps is also given what it wrote at the step before, so along a long borrow chain it can read the borrow off its own last digit: there the borrow probe, which reads only the state, may lose it while every digit stays right.',
    ),
    controls.modelField,
    modelState,
    probeState,
    controls.form,
    error,
    sumText,
    controls.windowControls,
    figure,
  );

  let looked: LookedModel | undefined;
  let shown: Shown | undefined;
  const lastQuestion = new Map<CarryModel, string>();

  const redraw = (revealedTo?: number) => {
    if (!shown) return;
    const { plots, names } = shown;
    const view = controls.window(plots.digits.columns, revealedTo);
    const summary = windowSummary(plots.digits, view, names.digits);
    const svgs = [drawCarryPlot(plots.digits, view, summary)];
    // Announced when the window moves, not at every column of a play.
    for (const text of [windowText, signWindowText]) text.setAttribute('aria-live', revealedTo === undefined ? 'polite' : 'off');
    windowText.textContent = summary;
    signWindowText.hidden = !plots.sign;
    if (plots.sign) {
      const signSummary = windowSummary(plots.sign, view, names.sign);
      svgs.push(drawCarryPlot(plots.sign, view, signSummary, false));
      signWindowText.textContent = signSummary;
    }
    plotHolder.replaceChildren(...svgs);
    // Keep the chosen column in sight when the window is wider than the box.
    const share = (view.to - view.selected + 0.5) / (view.to - view.from + 1);
    plotHolder.scrollLeft = Math.max(0, share * svgs[0]!.getBoundingClientRect().width - plotHolder.clientWidth / 2);
  };

  const showError = (message: string | undefined) => {
    error.textContent = message ?? '';
    error.hidden = message === undefined;
  };

  /** Loads the chosen model and fits its probes (once each), then shows its last question or its first. */
  const prepare = async (): Promise<void> => {
    const chosen = controls.model();
    controls.enable(false);
    let next: LookedModel;
    try {
      next = await lookInside(chosen, backendReady, (status) => {
        if (controls.model() === chosen) modelState.textContent = status;
      }, nextPaint);
    } catch (caught) {
      if (controls.model() === chosen) {
        modelState.textContent = `The ${chosen === 'signed' ? 'signed' : 'aligned'} model could not load: ${messageOf(caught)}`;
        probeState.replaceChildren();
      }
      return;
    }
    if (controls.model() !== chosen) return;
    if (looked === next && shown?.model === chosen) {
      controls.enable(true);
      return;
    }
    looked = next;
    modelState.textContent = next.description;
    probeState.replaceChildren(
      ...quantitiesOf(next.signed).map((quantity) => {
        const probe = next.probes.get(quantity.id)!;
        return element(
          'p',
          { 'data-quantity': quantity.id, 'data-kind': probe.cases.map((entry) => entry.chosen.kind).join(' '), 'data-held-out-accuracy': probe.heldOut.accuracy },
          describeProbe(probe, quantity, probeName(quantity, next.signed), next.signed),
        );
      }),
    );
    probeState.dataset['model'] = chosen;
    controls.enable(true);
    if (shown?.model !== chosen) await show(lastQuestion.get(chosen) ?? FIRST_QUESTION[chosen], !lastQuestion.has(chosen));
  };

  async function show(question: string, play = false): Promise<void> {
    const model = looked;
    if (!model) return;
    controls.stop();
    const { left, operator, right } = splitQuestion(question);
    controls.setQuestion(left, operator, right);
    sumText.textContent = `Reading ${grouped(Math.max(left.length, right.length) + 1)} columns…`;
    await nextPaint();
    if (model !== looked) return;
    const plots = questionPlots(model, question);
    const digitsName = probeName(digitsQuantity(operator), model.signed);
    shown = { model: model.chosen, question, plots, names: { digits: digitsName, sign: probeName(SIGN, model.signed) } };
    lastQuestion.set(shown.model, question);
    const { digits, sign } = plots;
    const wrong = [...disagreements(digits), ...(sign ? disagreements(sign) : [])];
    const columns = digits.columns;
    Object.assign(figure.dataset, { columns: String(columns), quantity: digits.quantity.id, truth: bits(digits.truth), readout: bits(digits.reads), agree: String(columns - disagreements(digits).length) });
    for (const key of ['signTruth', 'signReadout', 'signAgree']) delete figure.dataset[key];
    if (sign) Object.assign(figure.dataset, { signTruth: bits(sign.truth), signReadout: bits(sign.reads), signAgree: String(columns - disagreements(sign).length) });
    caption.textContent = sign
      ? `Along the columns, most significant on the left: above, the true ${digits.quantity.noun} into each column and what the second pass’s probe reads there; below, the true sign so far (the question cut to the columns right of each) and what the first pass’s probe reads.`
      : 'Along the columns, most significant on the left: the true carry into each column and what the probe reads in the model’s state there.';
    legendHolder.replaceChildren(carryLegend(digits.quantity, digitsName, digits.unitName), ...(sign ? [carryLegend(sign.quantity, shown.names.sign, sign.unitName)] : []));
    figure.hidden = false;
    controls.setColumns(columns, wrong.length === 0 ? undefined : Math.min(...wrong));
    const { answer } = plots;
    // The probes read the model's state, so where the model goes wrong they read what it holds, not the truth.
    const answerText = answer.right ? 'The model’s own answer is right.' : `The model’s own answer is wrong${answer.wrongSign ? ', with the wrong sign' : ''}: where a probe disagrees with the truth, it may be reading the model’s mistake.`;
    figure.dataset['answerRight'] = String(answer.right);
    sumText.textContent = `${sign ? `Second pass: ${sumSummary(digits, digitsName)} First pass: ${sumSummary(sign, shown.names.sign)}` : sumSummary(digits, digitsName)} ${answerText}`;
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
      await show(`${left}${controls.operator()}${right}`);
    } catch (caught) {
      showError(messageOf(caught));
    }
  };

  const random = createRandom(Math.floor(Math.random() * 2 ** 31));
  controls.onShow(() => void showTyped());
  controls.onExample((example) => {
    showError(undefined);
    const question = exampleQuestion(example, controls.operator(), random);
    const plays = CARRY_EXAMPLES.find((entry) => entry.example === example)!.plays;
    void prepare().then(() => show(question, plays));
  });
  controls.onModel((chosen) => {
    showError(undefined);
    controls.setModel(chosen);
    void prepare();
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
