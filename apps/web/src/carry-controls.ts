import { element } from './dom.js';
import type { CarryWindow } from './carry-plot.js';
import { CARRY_EXAMPLES, type CarryExample, type CarryOperator } from './carry-examples.js';
import { grouped } from './long-sum-input.js';

/** The models the view can look inside. */
export type CarryModel = 'aligned' | 'signed';

/** Milliseconds per column while the carry plays. */
const PLAY_STEP_MS = 140;
const WINDOW_SIZES = [16, 32, 64, 128] as const;

function field(id: string, label: string, input: HTMLInputElement | HTMLSelectElement): HTMLDivElement {
  return element('div', { class: 'field' }, element('label', { for: id }, label), input);
}

/**
 * The carry view's controls: the model, the question (typed or an example) and the window (a
 * column, how many columns around it, and play). Everything is a labelled native control, in page order.
 */
export function createCarryControls() {
  const model = element(
    'select',
    { id: 'carry-model-choice', 'aria-describedby': 'carry-model-hint' },
    element('option', { value: 'aligned', selected: true }, 'The adder (pretrained:aligned)'),
    element('option', { value: 'signed' }, 'The signed model, + and − (pretrained:signed)'),
  );
  const modelField = element(
    'div',
    { class: 'carry-model-field' },
    field('carry-model-choice', 'Model to look inside', model),
    element('p', { id: 'carry-model-hint', class: 'hint' }, 'The signed model reads the columns twice: a first pass for the sign, a second for the digits with their carry or borrow.'),
  );
  const top = element('input', { id: 'carry-top', name: 'carry-top', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'carry-hint' });
  const operator = element(
    'select',
    { id: 'carry-operator', name: 'carry-operator', disabled: true, 'aria-describedby': 'carry-hint' },
    element('option', { value: '+', selected: true }, '+ (add)'),
    element('option', { value: '-' }, '− (subtract)'),
  );
  const bottom = element('input', { id: 'carry-bottom', name: 'carry-bottom', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'carry-hint' });
  const showButton = element('button', { type: 'submit', id: 'carry-show' }, 'Show');
  const exampleButtons = CARRY_EXAMPLES.map(({ example, signedOnly }) => element('button', { type: 'button', class: 'secondary', 'data-example': example, hidden: signedOnly }, ''));
  const hint = element('p', { id: 'carry-hint', class: 'hint' });
  const form = element(
    'form',
    { class: 'carry-form', autocomplete: 'off', 'aria-label': 'Numbers to look inside' },
    element('div', { class: 'fields carry-fields' }, field('carry-top', 'Top number', top), field('carry-operator', 'Operator', operator), field('carry-bottom', 'Bottom number', bottom)),
    hint,
    element('div', { class: 'toolbar' }, showButton, ...exampleButtons),
  );
  // The labels and hint follow the model and the operator: "Random 40-digit difference".
  const relabel = () => {
    const signed = model.value === 'signed';
    const noun = operator.value === '-' ? 'difference' : 'sum';
    CARRY_EXAMPLES.forEach(({ label, signedOnly }, i) => {
      exampleButtons[i]!.textContent = label.replace('{question}', noun);
      exampleButtons[i]!.hidden = signedOnly && !signed;
    });
    hint.textContent = signed
      ? 'Digits only, up to 10,000 per number; + or −, and the answer may be negative. The chains play the borrow and the sign column by column.'
      : 'Digits only, up to 10,000 per number. The adder only adds (the signed model subtracts). The chains play the carry column by column.';
  };
  relabel();
  operator.addEventListener('change', relabel);
  const column = element('input', { id: 'carry-column', type: 'number', min: 1, max: 1, value: 1, step: 1, 'aria-describedby': 'carry-column-hint' });
  const size = element('select', { id: 'carry-window-size' }, ...WINDOW_SIZES.map((n) => element('option', { value: n, selected: n === 32 }, `${n} columns`)));
  let playLabel = 'Play the carry';
  const playButton = element('button', { type: 'button', id: 'carry-play', class: 'secondary', 'data-playing': 'false' }, playLabel);
  const firstWrong = element('button', { type: 'button', id: 'carry-first-wrong', class: 'secondary', hidden: true }, 'Go to the first wrong reading');
  const windowControls = element(
    'fieldset',
    { class: 'carry-window', disabled: true },
    element('legend', {}, 'Window'),
    element(
      'div',
      { class: 'fields' },
      field('carry-column', 'Column (from the right, 1 = units)', column),
      field('carry-window-size', 'Columns shown around it', size),
    ),
    element('p', { id: 'carry-column-hint', class: 'hint' }, 'The plot shows a window of columns around this one.'),
    element('div', { class: 'toolbar' }, playButton, firstWrong),
  );
  const questionControls = [model, showButton, ...exampleButtons];
  for (const control of questionControls) control.disabled = true;

  let columns = 1;
  let wrongAt: number | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let playing: CarryWindow | undefined;
  let onWindow: (revealedTo?: number) => void = () => undefined;

  const windowAround = (count: number): CarryWindow => {
    const width = Number(size.value);
    const selected = Math.min(count, Math.max(1, Math.round(Number(column.value)) || 1)) - 1;
    const from = Math.max(0, Math.min(selected - Math.floor(width / 2), count - width));
    return { from, to: Math.min(count - 1, from + width - 1), selected };
  };

  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    playing = undefined;
    playButton.textContent = playLabel;
    playButton.dataset['playing'] = 'false';
  };

  const play = () => {
    stop();
    playing = windowAround(columns);
    // Played from the units end of the window: the carry travels to the left.
    playing = { ...playing, selected: playing.from, revealedTo: playing.from };
    playButton.textContent = 'Stop';
    playButton.dataset['playing'] = 'true';
    const tick = () => {
      if (!playing) return;
      const at = playing.revealedTo!;
      column.value = String(at + 1);
      onWindow(at);
      if (at >= playing.to) {
        stop();
        onWindow();
        return;
      }
      playing = { ...playing, selected: at + 1, revealedTo: at + 1 };
    };
    tick();
    timer = setInterval(tick, PLAY_STEP_MS);
  };

  playButton.addEventListener('click', () => (timer === undefined ? play() : (stop(), onWindow())));
  firstWrong.addEventListener('click', () => {
    if (wrongAt === undefined) return;
    stop();
    column.value = String(wrongAt + 1);
    onWindow();
  });
  for (const control of [column, size]) {
    control.addEventListener('input', () => {
      stop();
      onWindow();
    });
  }

  return {
    modelField,
    form,
    windowControls,
    enable(on: boolean) {
      for (const control of questionControls) control.disabled = !on;
      operator.disabled = !on || model.value !== 'signed';
    },
    model: (): CarryModel => (model.value === 'signed' ? 'signed' : 'aligned'),
    /** The model chosen: the adder takes only +. */
    setModel(chosen: CarryModel) {
      model.value = chosen;
      if (chosen !== 'signed') operator.value = '+';
      operator.disabled = chosen !== 'signed' || model.disabled;
      playLabel = chosen === 'signed' ? 'Play column by column' : 'Play the carry';
      if (timer === undefined) playButton.textContent = playLabel;
      relabel();
    },
    operator: (): CarryOperator => (operator.value === '-' ? '-' : '+'),
    operands: (): [HTMLInputElement, HTMLInputElement] => [top, bottom],
    setQuestion(left: string, sign: CarryOperator, right: string) {
      top.value = left;
      operator.value = sign;
      bottom.value = right;
      relabel();
    },
    /** A new question of `count` columns: the window goes back to the units column. */
    setColumns(count: number, firstWrongColumn: number | undefined) {
      columns = count;
      wrongAt = firstWrongColumn;
      column.max = String(count);
      column.value = '1';
      column.setAttribute('aria-valuetext', `column 1 of ${grouped(count)}`);
      firstWrong.hidden = firstWrongColumn === undefined;
      windowControls.disabled = false;
    },
    /** The window to draw: while playing, the played one with the column being read. */
    window(count: number, revealedTo?: number): CarryWindow {
      if (playing && revealedTo !== undefined) return { ...playing, selected: revealedTo, revealedTo };
      return windowAround(count);
    },
    play,
    stop,
    onShow(listener: () => void) {
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        listener();
      });
    },
    onExample(listener: (example: CarryExample) => void) {
      exampleButtons.forEach((button, i) => button.addEventListener('click', () => listener(CARRY_EXAMPLES[i]!.example)));
    },
    onModel(listener: (chosen: CarryModel) => void) {
      model.addEventListener('change', () => listener(model.value === 'signed' ? 'signed' : 'aligned'));
    },
    onWindow(listener: (revealedTo?: number) => void) {
      onWindow = listener;
    },
  };
}
