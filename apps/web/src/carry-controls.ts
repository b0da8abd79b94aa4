import { element } from './dom.js';
import type { CarryWindow } from './carry-plot.js';
import { grouped } from './long-sum-input.js';

export type CarryExample = 'nines' | 'half' | 'random' | 'long';

/** Milliseconds per column while the carry plays. */
const PLAY_STEP_MS = 140;
const WINDOW_SIZES = [16, 32, 64, 128] as const;

function field(id: string, label: string, input: HTMLInputElement | HTMLSelectElement): HTMLDivElement {
  return element('div', { class: 'field' }, element('label', { for: id }, label), input);
}

/**
 * The carry view's controls: the sum (typed or an example) and the window (a column, how many
 * columns around it, and play). Everything is a labelled native control, in page order.
 */
export function createCarryControls() {
  const top = element('input', { id: 'carry-top', name: 'carry-top', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'carry-hint' });
  const bottom = element('input', { id: 'carry-bottom', name: 'carry-bottom', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'carry-hint' });
  const showButton = element('button', { type: 'submit', id: 'carry-show' }, 'Show');
  const examples: [CarryExample, string][] = [
    ['nines', 'Chain of nines: 99…9 + 1'],
    ['half', 'Chain: 49…9 + 50…01'],
    ['random', 'Random 40-digit sum'],
    ['long', 'Random 10,000-digit sum'],
  ];
  const exampleButtons = examples.map(([example, label]) => element('button', { type: 'button', class: 'secondary', 'data-example': example }, label));
  const form = element(
    'form',
    { class: 'carry-form', autocomplete: 'off', 'aria-label': 'A sum to look inside' },
    element('div', { class: 'fields carry-fields' }, field('carry-top', 'Top number', top), field('carry-bottom', 'Bottom number', bottom)),
    element('p', { id: 'carry-hint', class: 'hint' }, 'Digits only, up to 10,000 per number. The chains play the carry column by column.'),
    element('div', { class: 'toolbar' }, showButton, ...exampleButtons),
  );
  const column = element('input', { id: 'carry-column', type: 'number', min: 1, max: 1, value: 1, step: 1, 'aria-describedby': 'carry-column-hint' });
  const size = element('select', { id: 'carry-window-size' }, ...WINDOW_SIZES.map((n) => element('option', { value: n, selected: n === 32 }, `${n} columns`)));
  const playButton = element('button', { type: 'button', id: 'carry-play', class: 'secondary', 'data-playing': 'false' }, 'Play the carry');
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
  for (const control of [showButton, ...exampleButtons]) control.disabled = true;

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
    playButton.textContent = 'Play the carry';
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
    form,
    windowControls,
    enable(on: boolean) {
      for (const control of [showButton, ...exampleButtons]) control.disabled = !on;
    },
    operands: (): [HTMLInputElement, HTMLInputElement] => [top, bottom],
    setOperands(left: string, right: string) {
      top.value = left;
      bottom.value = right;
    },
    /** A new sum of `count` columns: the window goes back to the units column. */
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
      exampleButtons.forEach((button, i) => button.addEventListener('click', () => listener(examples[i]![0])));
    },
    onWindow(listener: (revealedTo?: number) => void) {
      onWindow = listener;
    },
  };
}
