import { SignedLayout } from '@addrnn/codec';
import type { Adder } from '@addrnn/model';
import { element, messageOf } from './dom.js';
import { operandField, operatorControl, showFieldError } from './long-sum-fields.js';
import { grouped, LONG_SUM_MAX_DIGITS, operandDigits, randomDigits } from './long-sum-input.js';
import { answers, createLongSumModel } from './long-sum-model.js';
import { createLongSumResult } from './long-sum-result.js';
import './long-sum.css';

export interface LongSumView {
  element: HTMLElement;
  /** Starts loading the aligned model in use (once); call when the view is shown. */
  activate(): void;
  /** Answers with `adder` (a model trained in the Train tab) the operators its codec has; `label` names it in the view. */
  useModel(adder: Adder, label: string): void;
}

/** Lets the browser paint ("Adding…") before the main thread is busy with the model. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * The Long sums view: two numbers of up to 10,000 digits with `+` or `−` between them, the
 * aligned model's answer (one LSTM step per digit column; two passes, sign first, for a signed
 * model) checked against the exact answer (`SignedLayout.solve`, BigInt), the answer's sign and
 * each digit's confidence, and the time the prediction took. The models (`long-sum-model.ts`:
 * the pretrained adder for `+`, the pretrained signed model for `−`, or one trained in the Train
 * tab) are not the model of the other views.
 */
export function createLongSumView(backendReady: Promise<unknown>): LongSumView {
  const left = operandField('left', 'Left number');
  const right = operandField('right', 'Right number');
  const operator = operatorControl();
  const hint = element(
    'p',
    { id: 'long-hint', class: 'hint' },
    `Digits only, up to ${grouped(LONG_SUM_MAX_DIGITS)} per number; spaces and line breaks in a pasted number are ignored. The answer may be negative.`,
  );
  const submit = element('button', { type: 'submit', id: 'long-add' }, 'Add');
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
  let running = 0;
  const form = element(
    'form',
    { class: 'long-form', autocomplete: 'off', 'aria-label': 'Two long numbers to add or subtract' },
    element('div', { class: 'long-fields' }, left.wrap, operator.wrap, right.wrap),
    hint,
    element('div', { class: 'toolbar' }, submit, ...randomButtons),
  );
  const error = element('p', { id: 'long-error', class: 'error', role: 'alert', hidden: true });
  const result = createLongSumResult();
  const model = createLongSumModel(backendReady, () => {
    // A sum under way shows nothing; the next one uses the new model.
    running += 1;
    submit.disabled = false;
    result.hide();
  });
  const root = element(
    'section',
    { id: 'long', 'aria-labelledby': 'tab-long', role: 'tabpanel', class: 'view', hidden: true },
    element('h2', {}, 'Long sums'),
    element(
      'p',
      { class: 'lede' },
      'A second network, the aligned adder: one small LSTM reads one column of digits per step, units first, and writes one digit of the sum per step, so it adds numbers of any length. For a subtraction a signed model of the same kind reads the columns twice: the first pass finds the sign, the second writes the digits. Paste two numbers, or draw random ones.',
    ),
    ...model.elements,
    form,
    error,
    result.element,
  );

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

  async function run(): Promise<void> {
    const token = ++running;
    showError(undefined);
    const parsed: string[] = [];
    for (const field of [left, right]) {
      try {
        parsed.push(operandDigits(field.input.value, field.name));
        showFieldError(field, undefined);
      } catch (caught) {
        showFieldError(field, messageOf(caught));
      }
    }
    if (parsed.length !== 2) {
      result.hide();
      submit.disabled = false;
      (left.input.getAttribute('aria-invalid') ? left.input : right.input).focus();
      return;
    }
    const operands = [parsed[0]!, parsed[1]!] as const;
    const op = operator.value();
    const question = `${operands[0]}${op}${operands[1]}`;
    let exact: string;
    try {
      exact = SignedLayout.solve(question);
    } catch (caught) {
      showError(messageOf(caught));
      submit.disabled = false;
      return;
    }
    submit.disabled = true;
    try {
      result.pending(op === '-' ? 'Subtracting…' : 'Adding…');
      const adder = await model.get(op);
      await nextPaint();
      if (token !== running) return;
      adder.check(question);
      const started = performance.now();
      const decoded = adder.predictWithConfidence(question);
      const milliseconds = performance.now() - started;
      if (token !== running) return;
      result.show({ operator: op, operands, decoded, exact, signed: answers(adder, '-'), milliseconds });
    } catch (caught) {
      if (token !== running) return;
      result.pending('');
      result.hide();
      showError(messageOf(caught));
    } finally {
      if (token === running) submit.disabled = false;
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
  operator.select.addEventListener('change', () => {
    const op = operator.value();
    submit.textContent = op === '-' ? 'Subtract' : 'Add';
    model.select(op);
  });

  return {
    element: root,
    activate: () => model.select(operator.value()),
    useModel: (adder, label) => model.use(adder, label),
  };
}
