import { element } from './dom.js';
import type { LongOperator } from './long-sum-model.js';

/** One of the two numbers: a textarea with its label, digit count and inline error. */
export interface OperandField {
  input: HTMLTextAreaElement;
  error: HTMLParagraphElement;
  count: HTMLParagraphElement;
  wrap: HTMLDivElement;
  name: string;
}

export function operandField(side: 'left' | 'right', label: string): OperandField {
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
export function showFieldError(field: OperandField, message: string | undefined): void {
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

/** The operator between the two numbers: a labelled select (arrow keys choose, as any select). */
export interface OperatorControl {
  select: HTMLSelectElement;
  wrap: HTMLDivElement;
  value(): LongOperator;
}

/** How each operator is written for people: '−' (U+2212) for '-'. */
export const operatorSymbol = (operator: LongOperator): string => (operator === '-' ? '−' : '+');

export function operatorControl(): OperatorControl {
  const select = element(
    'select',
    { id: 'long-operator', name: 'long-operator' },
    element('option', { value: '+', selected: true }, '+ (add)'),
    element('option', { value: '-' }, '− (subtract)'),
  );
  const wrap = element('div', { class: 'long-field long-operator' }, element('label', { for: select.id }, 'Operator'), select);
  return { select, wrap, value: () => (select.value === '-' ? '-' : '+') };
}
