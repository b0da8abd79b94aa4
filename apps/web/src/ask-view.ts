import type { DecodedAnswer } from '@addrnn/codec';
import { createAskModel } from './ask-model.js';
import { askWording, type AskWording } from './ask-wording.js';
import type { CurrentModel } from './current-model.js';
import { element, messageOf, percent } from './dom.js';

/** Announcing every keystroke would drown a screen reader; the result is read once typing pauses. */
const announceDelayMilliseconds = 350;

export interface AskView {
  element: HTMLElement;
  /** Resolves the first time an answer is on screen (for the time-to-first-answer measurement). */
  firstAnswer: Promise<number>;
}

/**
 * The Ask view: a model to ask (the app's current model or the pretrained multiplier), a
 * question, the model's answer as you type, the true answer and each digit's confidence. The
 * hint, the examples and the captions follow the chosen model's operators.
 */
export function createAskView(current: CurrentModel, backendReady: Promise<unknown>, onTrain: () => void): AskView {
  const model = createAskModel(current, backendReady);
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

  const examples = element('p', { id: 'ask-examples', class: 'examples' });
  let examplesShown: readonly string[] = [];
  /** The example buttons of `wording`, when they are not on screen already. */
  const showExamples = ({ examples: questions }: AskWording) => {
    if (questions === examplesShown) return;
    examplesShown = questions;
    examples.replaceChildren(
      'Try:',
      ...questions.map((example) => {
        const button = element('button', { type: 'button', class: 'secondary' }, example);
        button.addEventListener('click', () => {
          input.value = example;
          update();
          input.focus();
        });
        return button;
      }),
    );
  };
  const form = element(
    'form',
    { class: 'ask', autocomplete: 'off' },
    model.element,
    element('label', { for: 'question' }, 'Question'),
    input,
    error,
    hint,
    examples,
  );
  form.addEventListener('submit', (event) => event.preventDefault());

  const trueCaption = element('span', { id: 'true-caption', class: 'caption' }, 'True sum');
  const lede = element('p', { class: 'lede' }, askWording(['+']).lede);
  const result = element(
    'div',
    { class: 'result', 'aria-live': 'off' },
    element('div', { class: 'result-cell' }, element('span', { class: 'caption' }, 'Model says'), modelAnswer),
    element('div', { class: 'result-cell' }, trueCaption, trueAnswer, mark),
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
    lede,
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
    const { adder, codec, readsLonger } = model.answerer();
    const wording = askWording(codec.operators);
    const like = `Two whole numbers of up to ${codec.digits} digit${codec.digits === 1 ? '' : 's'} joined by ${codec.operators.join(' or ')}, like ${wording.examples[0]}.`;
    hint.textContent = readsLonger ? `${like} The model reads longer numbers too, but it trained on these and is only accurate here.` : like;
    // The lengths the model trained on: a model that reads longer ones (the multiplier takes up to
    // 1,000 digits) is only accurate there, and the true answer (codec.solve) is for those.
    input.maxLength = codec.digits * 2 + 1;
    showExamples(wording);
    lede.textContent = wording.lede;
    trueCaption.textContent = `True ${wording.noun}`;
    const question = input.value.trim();
    if (question === '') {
      showError(undefined);
      clearResult();
      return;
    }
    let truth: string;
    try {
      // The model's own check when one is loaded; solve checks against its task (or the default one) otherwise.
      adder?.check(question);
      truth = codec.solve(question);
    } catch (caught) {
      showError(messageOf(caught));
      clearResult();
      announce(`Invalid question: ${messageOf(caught)}`);
      return;
    }
    showError(undefined);
    trueAnswer.textContent = truth;
    if (!adder) {
      modelAnswer.textContent = '—';
      mark.textContent = '';
      bars.replaceChildren();
      return;
    }
    let decoded: DecodedAnswer;
    try {
      decoded = adder.predictWithConfidence(question);
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
    announce(`${question}: the model says ${decoded.answer === '' ? 'nothing' : decoded.answer}, ${right ? 'right' : `wrong, the ${wording.noun} is ${truth}`}.`);
    if (!answered) {
      answered = true;
      resolveFirstAnswer(performance.now());
    }
  };

  input.addEventListener('input', update);
  const showNoModel = () => {
    noModel.hidden = model.answerer().choice !== 'current' || current.entry !== undefined || current.problem === undefined;
    noModelText.textContent = current.problem ?? '';
  };
  model.onChange(() => {
    // A question the new model cannot take (535+61 for the multiplier) gives way to its first example.
    const { codec } = model.answerer();
    if (!codec.operators.some((operator) => input.value.includes(operator))) input.value = askWording(codec.operators).examples[0] ?? '';
    showNoModel();
    update();
  });
  current.subscribe(() => {
    showNoModel();
    update();
  });

  return { element: root, firstAnswer };
}
