import { Codec } from '@addrnn/codec';
import type { DecodedAnswer } from '@addrnn/codec';
import type { CurrentModel } from './current-model.js';
import { element, messageOf, percent } from './dom.js';

/** Announcing every keystroke would drown a screen reader; the result is read once typing pauses. */
const announceDelayMilliseconds = 350;

export interface AskView {
  element: HTMLElement;
  /** Resolves the first time an answer is on screen (for the time-to-first-answer measurement). */
  firstAnswer: Promise<number>;
}

/** The Ask view: a question, the model's answer as you type, the true sum and each digit's confidence. */
export function createAskView(current: CurrentModel, onTrain: () => void): AskView {
  const input = element('input', {
    id: 'question',
    name: 'question',
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    spellcheck: 'false',
    value: '535+61',
    'aria-describedby': 'question-hint',
  });
  const hint = element('p', { id: 'question-hint', class: 'hint' });
  const error = element('p', { id: 'question-error', class: 'error', hidden: true });
  const modelAnswer = element('output', { id: 'model-answer', class: 'answer', for: 'question' });
  const trueAnswer = element('output', { id: 'true-answer', class: 'answer truth', for: 'question' });
  const mark = element('span', { id: 'answer-mark', class: 'mark' });
  const bars = element('div', { id: 'confidence', class: 'confidence', role: 'img', 'aria-label': 'Confidence per answer digit' });
  const status = element('p', { id: 'ask-status', role: 'status', class: 'visually-hidden' });
  const noModel = element('div', { id: 'no-model', class: 'notice', hidden: true });
  const trainButton = element('button', { type: 'button', class: 'secondary' }, 'Train a model');
  trainButton.addEventListener('click', onTrain);
  const noModelText = element('p');
  noModel.append(noModelText, trainButton);

  const examples = element('p', { class: 'examples' }, 'Try:');
  for (const example of ['535+61', '99999+1', '12345+67890', '5+5']) {
    const button = element('button', { type: 'button', class: 'secondary' }, example);
    button.addEventListener('click', () => {
      input.value = example;
      update();
      input.focus();
    });
    examples.append(button);
  }
  const form = element(
    'form',
    { class: 'ask', autocomplete: 'off' },
    element('label', { for: 'question' }, 'Question'),
    input,
    error,
    hint,
    examples,
  );
  form.addEventListener('submit', (event) => event.preventDefault());

  const result = element(
    'div',
    { class: 'result', 'aria-live': 'off' },
    element('div', { class: 'result-cell' }, element('span', { class: 'caption' }, 'Model says'), modelAnswer),
    element('div', { class: 'result-cell' }, element('span', { class: 'caption' }, 'True sum'), trueAnswer, mark),
  );
  const confidence = element(
    'figure',
    { class: 'confidence-figure' },
    bars,
    element('figcaption', {}, 'How sure the model is of each answer digit'),
  );
  const root = element(
    'section',
    { id: 'ask', 'aria-labelledby': 'tab-ask', role: 'tabpanel', class: 'view' },
    element('h2', {}, 'Ask the network'),
    element('p', { class: 'lede' }, 'Type an addition; a recurrent network reads it character by character and writes the sum, digit by digit.'),
    noModel,
    form,
    result,
    confidence,
    status,
  );

  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  let resolveFirstAnswer: (milliseconds: number) => void = () => {};
  const firstAnswer = new Promise<number>((resolve) => (resolveFirstAnswer = resolve));
  let answered = false;

  const announce = (text: string) => {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => (status.textContent = text), announceDelayMilliseconds);
  };

  const showError = (message: string | undefined) => {
    error.textContent = message ?? '';
    error.hidden = message === undefined;
    if (message === undefined) {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', 'question-hint');
    } else {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'question-error question-hint');
    }
  };

  const clearResult = () => {
    modelAnswer.textContent = '';
    trueAnswer.textContent = '';
    mark.textContent = '';
    mark.className = 'mark';
    bars.replaceChildren();
    bars.setAttribute('aria-label', 'Confidence per answer digit');
  };

  const drawBars = (decoded: DecodedAnswer) => {
    // The chart in words: each digit with its probability.
    const digits = [...decoded.answer].map((character, index) => `${character} ${percent(decoded.confidence[index] ?? 0)}`);
    bars.setAttribute('aria-label', digits.length === 0 ? 'Confidence per answer digit: no digits' : `Confidence per answer digit: ${digits.join(', ')}`);
    bars.replaceChildren(
      ...[...decoded.answer].map((character, index) => {
        const probability = decoded.confidence[index] ?? 0;
        const bar = element('span', { class: 'bar' });
        bar.style.height = `${Math.max(2, probability * 100)}%`;
        bar.classList.toggle('unsure', probability < 0.9);
        return element(
          'div',
          { class: 'digit', title: `${character}: ${percent(probability)}` },
          element('span', { class: 'bar-track' }, bar),
          element('span', { class: 'digit-character' }, character),
          element('span', { class: 'digit-probability' }, `${Math.round(probability * 100)}%`),
        );
      }),
    );
  };

  const update = () => {
    const entry = current.entry;
    const codec = entry?.adder.codec ?? new Codec();
    hint.textContent = `Two whole numbers of up to ${codec.digits} digits joined by ${codec.operators.join(' or ')}, like 535+61.`;
    input.maxLength = codec.questionLength;
    const question = input.value.trim();
    if (question === '') {
      showError(undefined);
      clearResult();
      return;
    }
    let truth: string;
    try {
      // The model's own check when one is loaded; solve checks against the default task otherwise.
      entry?.adder.check(question);
      truth = codec.solve(question);
    } catch (caught) {
      showError(messageOf(caught));
      clearResult();
      announce(`Invalid question: ${messageOf(caught)}`);
      return;
    }
    showError(undefined);
    trueAnswer.textContent = truth;
    if (!entry) {
      modelAnswer.textContent = '—';
      mark.textContent = '';
      bars.replaceChildren();
      return;
    }
    let decoded: DecodedAnswer;
    try {
      decoded = entry.adder.predictWithConfidence(question);
    } catch (caught) {
      showError(messageOf(caught));
      clearResult();
      return;
    }
    const right = decoded.answer === truth;
    // An untrained model may write only padding; say so rather than show nothing.
    modelAnswer.textContent = decoded.answer === '' ? '(blank)' : decoded.answer;
    mark.textContent = right ? '✓ right' : '✗ wrong';
    mark.className = `mark ${right ? 'right' : 'wrong'}`;
    drawBars(decoded);
    announce(`${question}: the model says ${decoded.answer === '' ? 'nothing' : decoded.answer}, ${right ? 'right' : `wrong, the sum is ${truth}`}.`);
    if (!answered) {
      answered = true;
      resolveFirstAnswer(performance.now());
    }
  };

  input.addEventListener('input', update);
  current.subscribe((entry, problem) => {
    noModel.hidden = entry !== undefined || problem === undefined;
    noModelText.textContent = problem ?? '';
    update();
  });

  return { element: root, firstAnswer };
}
