import { AlignedLayout } from '@addrnn/codec';
import { loadAdder, type Adder } from '@addrnn/model';
import { element, messageOf } from './dom.js';
import { firstWrongDigit, grouped, LONG_SUM_MAX_DIGITS, operandDigits, randomDigits, type WrongDigit } from './long-sum-input.js';
import { createConfidenceStrip } from './long-sum-strip.js';
import './long-sum.css';

export interface LongSumView {
  element: HTMLElement;
  /** Starts loading the aligned model (once); call when the view is shown. */
  activate(): void;
}

interface OperandField {
  input: HTMLTextAreaElement;
  error: HTMLParagraphElement;
  count: HTMLParagraphElement;
  wrap: HTMLDivElement;
  name: string;
}

function operandField(side: 'left' | 'right', label: string): OperandField {
  const id = `long-${side}`;
  const input = element('textarea', {
    id,
    name: id,
    rows: 4,
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${id}-count long-hint`,
  });
  const error = element('p', { id: `${id}-error`, class: 'error', hidden: true });
  const count = element('p', { id: `${id}-count`, class: 'meta long-count' }, '0 digits');
  const wrap = element('div', { class: 'long-field' }, element('label', { for: id }, label), input, count, error);
  return { input, error, count, wrap, name: label };
}

/** Sets or clears a field's inline error (aria-invalid, aria-describedby). */
function showFieldError(field: OperandField, message: string | undefined): void {
  field.error.textContent = message ?? '';
  field.error.hidden = message === undefined;
  const id = field.input.id;
  if (message === undefined) {
    field.input.removeAttribute('aria-invalid');
    field.input.setAttribute('aria-describedby', `${id}-count long-hint`);
  } else {
    field.input.setAttribute('aria-invalid', 'true');
    field.input.setAttribute('aria-describedby', `${id}-error ${id}-count long-hint`);
  }
}

/** Lets the browser paint ("Adding…") before the main thread is busy with the model. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * The Long sums view: two numbers of up to 10,000 digits, the aligned model's sum (one LSTM step
 * per digit column) checked against the exact sum (BigInt), each digit's confidence as a strip,
 * and the time the prediction took. The aligned model loads the first time the view is shown,
 * on the backend the app started; it is not the model of the other views.
 */
export function createLongSumView(backendReady: Promise<unknown>): LongSumView {
  const left = operandField('left', 'Left number');
  const right = operandField('right', 'Right number');
  const hint = element(
    'p',
    { id: 'long-hint', class: 'hint' },
    `Digits only, up to ${grouped(LONG_SUM_MAX_DIGITS)} per number; spaces and line breaks in a pasted number are ignored.`,
  );
  const add = element('button', { type: 'submit', id: 'long-add' }, 'Add');
  const randomButtons = [10_000, 1_000].map((digits) => {
    const button = element('button', { type: 'button', class: 'secondary', 'data-digits': digits }, `Random ${grouped(digits)}-digit numbers`);
    button.addEventListener('click', () => {
      left.input.value = randomDigits(digits);
      right.input.value = randomDigits(digits);
      updateCounts();
      void run();
    });
    return button;
  });
  const form = element(
    'form',
    { class: 'long-form', autocomplete: 'off', 'aria-label': 'Two long numbers to add' },
    element('div', { class: 'long-fields' }, left.wrap, right.wrap),
    hint,
    element('div', { class: 'toolbar' }, add, ...randomButtons),
  );
  const modelState = element('p', { id: 'long-model', class: 'meta', role: 'status' }, 'The aligned model loads when this view opens.');
  const error = element('p', { id: 'long-error', class: 'error', role: 'alert', hidden: true });
  const verdict = element('p', { id: 'long-verdict', class: 'mark', role: 'status' });
  const time = element('p', { id: 'long-time', class: 'meta' });
  // Scrollable boxes of digits; focusable, so that a keyboard can scroll them too.
  const sum = element('output', { id: 'long-sum', class: 'long-digits', for: 'long-left long-right', 'aria-labelledby': 'long-sum-heading', tabindex: 0 });
  const exactSum = element('output', { id: 'long-exact', class: 'long-digits truth', for: 'long-left long-right', 'aria-label': 'The exact sum', tabindex: 0 });
  const exactDetails = element('details', { id: 'long-exact-details' }, element('summary', {}, 'Exact sum (BigInt)'), exactSum);
  const strip = createConfidenceStrip();
  const result = element(
    'div',
    { id: 'long-result', class: 'long-result', hidden: true },
    verdict,
    time,
    element('h3', { id: 'long-sum-heading' }, 'The model’s sum'),
    sum,
    exactDetails,
    strip.element,
  );
  const root = element(
    'section',
    { id: 'long', 'aria-labelledby': 'tab-long', role: 'tabpanel', class: 'view', hidden: true },
    element('h2', {}, 'Long sums'),
    element(
      'p',
      { class: 'lede' },
      'A second network, the aligned adder: one small LSTM reads one column of digits per step, units first, and writes one digit of the sum per step, so it adds numbers of any length. Paste two numbers, or draw random ones.',
    ),
    modelState,
    form,
    error,
    result,
  );

  let loading: Promise<Adder> | undefined;
  let running = 0;

  const loadModel = (): Promise<Adder> => {
    loading ??= (async () => {
      modelState.textContent = 'Loading the aligned model…';
      try {
        await backendReady;
      } catch (caught) {
        throw new Error(`No TensorFlow.js backend could start in this browser: ${messageOf(caught)}`);
      }
      const adder = await loadAdder('pretrained:aligned', { backend: 'current' });
      const { architecture, codec } = adder.metadata;
      modelState.textContent = `Aligned ${architecture.cell.toUpperCase()}, ${architecture.hiddenSize} units, trained on numbers of up to ${codec.digits} digits; backend ${adder.backend.name}.`;
      return adder;
    })();
    // A failed load is tried again the next time the view is used.
    loading.catch((caught: unknown) => {
      loading = undefined;
      modelState.textContent = `The aligned model could not load: ${messageOf(caught)}`;
    });
    return loading;
  };

  function updateCounts(): void {
    for (const field of [left, right]) {
      const digits = field.input.value.replace(/[^0-9]/g, '').length;
      field.count.textContent = `${grouped(digits)} digit${digits === 1 ? '' : 's'}`;
    }
  }

  const showError = (message: string | undefined) => {
    error.textContent = message ?? '';
    error.hidden = message === undefined;
  };

  const showSum = (answer: string, wrong: WrongDigit | undefined) => {
    if (!wrong || wrong.indexInPredicted < 0) {
      sum.replaceChildren(answer);
      return;
    }
    const at = wrong.indexInPredicted;
    const mark = element('mark', { id: 'long-wrong-digit', title: `digit ${grouped(wrong.fromRight)} from the right` }, answer.slice(at, at + 1));
    sum.replaceChildren(answer.slice(0, at), mark, answer.slice(at + 1));
    // Scroll the sum's box (not the page) to the marked digit.
    sum.scrollTop = Math.max(0, mark.offsetTop - sum.clientHeight / 2);
  };

  async function run(): Promise<void> {
    const token = ++running;
    showError(undefined);
    let question: string;
    let exact: string;
    let digits: [string, string] | undefined;
    const parsed: string[] = [];
    for (const field of [left, right]) {
      try {
        parsed.push(operandDigits(field.input.value, field.name));
        showFieldError(field, undefined);
      } catch (caught) {
        showFieldError(field, messageOf(caught));
      }
    }
    if (parsed.length === 2) digits = [parsed[0]!, parsed[1]!];
    if (!digits) {
      result.hidden = true;
      add.disabled = false;
      (left.input.getAttribute('aria-invalid') ? left.input : right.input).focus();
      return;
    }
    try {
      question = `${digits[0]}+${digits[1]}`;
      exact = AlignedLayout.solve(question);
    } catch (caught) {
      showError(messageOf(caught));
      add.disabled = false;
      return;
    }
    add.disabled = true;
    try {
      verdict.textContent = 'Adding…';
      verdict.className = 'mark';
      const adder = await loadModel();
      await nextPaint();
      if (token !== running) return;
      adder.check(question);
      const started = performance.now();
      const decoded = adder.predictWithConfidence(question);
      const milliseconds = performance.now() - started;
      if (token !== running) return;
      const wrong = firstWrongDigit(decoded.answer, exact);
      showSum(decoded.answer, wrong);
      exactSum.textContent = exact;
      exactDetails.open = wrong !== undefined;
      result.hidden = false;
      strip.draw(decoded.confidence, wrong?.indexInPredicted);
      verdict.className = `mark ${wrong ? 'wrong' : 'right'}`;
      verdict.textContent = wrong
        ? `✗ Wrong at digit ${grouped(wrong.fromRight)} from the right: the model wrote ${wrong.predicted}, the exact sum has ${wrong.expected}${wrong.indexInPredicted < 0 ? ' (the model’s answer is shorter)' : ''}.`
        : `✓ Exact: all ${grouped(exact.length)} digits match the exact sum.`;
      time.dataset['milliseconds'] = milliseconds.toFixed(1);
      time.textContent = `Prediction took ${milliseconds.toFixed(1)} ms: ${grouped(digits[0].length)} + ${grouped(digits[1].length)} digits, ${grouped(decoded.positions.length)} LSTM steps, a ${grouped(decoded.answer.length)}-digit sum.`;
    } catch (caught) {
      if (token !== running) return;
      verdict.textContent = '';
      result.hidden = true;
      showError(messageOf(caught));
    } finally {
      if (token === running) add.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  for (const field of [left, right]) {
    field.input.addEventListener('input', () => {
      updateCounts();
      if (field.input.hasAttribute('aria-invalid')) showFieldError(field, undefined);
    });
  }

  return {
    element: root,
    activate: () => {
      void loadModel().catch(() => undefined);
    },
  };
}
