/** Creates an element with attributes and children: `element('p', { class: 'note' }, 'text')`. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** A message from anything thrown: the codec's errors already name the value and what is accepted. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "96.1 %" */
export function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)} %`;
}

/** The head of a question / model / truth / mark table (train samples, try many). */
export function answerTableHead(): HTMLTableSectionElement {
  return element(
    'thead',
    {},
    element(
      'tr',
      {},
      element('th', { scope: 'col' }, 'Question'),
      element('th', { scope: 'col' }, 'Model'),
      element('th', { scope: 'col' }, 'Truth'),
      element('th', { scope: 'col' }, element('span', { class: 'visually-hidden' }, 'Right or wrong')),
    ),
  );
}

/** One row of that table: the question, the model's answer, the true one, and a mark. */
export function answerRow(question: string, predicted: string, expected: string, correct: boolean): HTMLTableRowElement {
  return element(
    'tr',
    { class: correct ? 'right' : 'wrong' },
    element('td', { class: 'number' }, question),
    element('td', { class: 'number' }, predicted),
    element('td', { class: 'number' }, expected),
    element('td', { class: `mark ${correct ? 'right' : 'wrong'}` }, correct ? '✓ right' : '✗ wrong'),
  );
}
