import { ArithmeticDataset, type Example } from '@addrnn/dataset';
import type { CurrentModel } from './current-model.js';
import { answerRow, answerTableHead, element, messageOf, percent } from './dom.js';

const questionsPerPage = 20;

/** The Try many view: held-out questions (never trained on) or hard cases, with the model's answers. */
export function createTryManyView(current: CurrentModel): HTMLElement {
  const refresh = element('button', { type: 'button', id: 'refresh' }, 'Refresh');
  const hard = element('button', { type: 'button', id: 'hard-cases', class: 'secondary' }, 'Hard cases');
  const summary = element('p', { id: 'try-summary', role: 'status' });
  const body = element('tbody');
  const table = element(
    'table',
    { id: 'try-table' },
    element('caption', { class: 'visually-hidden' }, 'Questions with the model’s answer and the true sum'),
    answerTableHead(),
    body,
  );
  const root = element(
    'section',
    { id: 'try', 'aria-labelledby': 'tab-try', role: 'tabpanel', class: 'view', hidden: true },
    element('h2', {}, 'Try many'),
    element(
      'p',
      { class: 'lede' },
      'Random questions from the held-out test split, which no training run sees, or the hard cases: long carry chains, zeros, maxima.',
    ),
    element('div', { class: 'toolbar' }, refresh, hard),
    summary,
    element('div', { class: 'table-wrap' }, table),
  );

  let mode: 'random' | 'hard' = 'random';
  let examples: Example[] = [];

  const pick = () => {
    const entry = current.entry;
    examples = [];
    if (!entry) return;
    const { codec } = entry.adder;
    const dataset = new ArithmeticDataset({ codec, seed: 1 + Math.floor(Math.random() * 2 ** 30) });
    // Few-digit tasks hold only a handful of test pairs (1 digit: 2); show all of them then.
    const size = codec.digits <= 3 ? Math.min(questionsPerPage, dataset.distinctPairs('test')) : questionsPerPage;
    examples = mode === 'hard' ? dataset.hardCases() : dataset.testSet(size);
  };

  const draw = () => {
    const entry = current.entry;
    refresh.disabled = hard.disabled = entry === undefined;
    if (!entry) {
      body.replaceChildren();
      summary.textContent = current.problem ?? '';
      return;
    }
    let answers: string[];
    try {
      answers = entry.adder.predictBatch(examples.map((example) => example.question));
    } catch (caught) {
      summary.textContent = messageOf(caught);
      return;
    }
    let right = 0;
    body.replaceChildren(
      ...examples.map((example, index) => {
        const answer = answers[index] ?? '';
        const correct = answer === example.answer;
        if (correct) right += 1;
        return answerRow(example.question, answer, example.answer, correct);
      }),
    );
    const what = mode === 'hard' ? 'hard cases' : 'held-out questions';
    summary.textContent = `${right} of ${examples.length} ${what} right: whole-answer accuracy ${percent(right / Math.max(1, examples.length))}.`;
  };

  refresh.addEventListener('click', () => {
    mode = 'random';
    pick();
    draw();
  });
  hard.addEventListener('click', () => {
    mode = 'hard';
    pick();
    draw();
  });
  current.subscribe(() => {
    pick();
    draw();
  });
  return root;
}
