import { element } from './dom.js';
import type { RawValue } from './train-field-values.js';
import type { FieldSpec } from './train-fields.js';

/** One field's control in the page: its wrapper, what it holds, and the element that takes focus. */
export interface FieldControl {
  /** The labelled control with its hint, to place in the form. */
  wrap: HTMLElement;
  /** What gets focus (and `aria-invalid`) when the value is wrong. */
  focusTarget: HTMLElement;
  get(): RawValue;
  set(value: RawValue): void;
}

function hintOf(spec: FieldSpec, id: string): HTMLElement | undefined {
  return spec.hint === undefined ? undefined : element('p', { class: 'hint', id: `${id}-hint` }, spec.hint);
}

/** A control labelled with `<label for>` (the operators: a fieldset of labelled checkboxes), its hint tied by `aria-describedby`. */
export function createControl(spec: FieldSpec): FieldControl {
  const id = `train-${spec.name}`;
  const hint = hintOf(spec, id);
  const describedBy = hint ? hint.id : undefined;
  const { input } = spec;
  switch (input.kind) {
    case 'number': {
      const emptyHint = input.emptyMeans === undefined ? undefined : element('p', { class: 'hint', id: `${id}-empty` }, `Empty: ${input.emptyMeans}.`);
      const control = element('input', {
        id,
        name: spec.name,
        type: 'number',
        inputmode: input.integer ? 'numeric' : 'decimal',
        min: input.exclusiveMin ? undefined : input.min,
        max: input.max === undefined || input.exclusiveMax || input.max === Number.MAX_SAFE_INTEGER ? undefined : input.max,
        step: input.integer ? 1 : 'any',
        required: input.emptyMeans === undefined,
        'aria-describedby': [describedBy, emptyHint?.id].filter(Boolean).join(' ') || undefined,
      });
      return {
        wrap: element('div', { class: 'field' }, element('label', { for: id }, spec.label), control, ...[hint, emptyHint].filter((node) => node !== undefined)),
        focusTarget: control,
        get: () => control.value,
        set: (value) => (control.value = String(value)),
      };
    }
    case 'boolean': {
      const control = element('input', { id, name: spec.name, type: 'checkbox', 'aria-describedby': describedBy });
      return {
        wrap: element('div', { class: 'field checkbox' }, control, element('label', { for: id }, spec.label), ...(hint ? [hint] : [])),
        focusTarget: control,
        get: () => control.checked,
        set: (value) => (control.checked = value === true),
      };
    }
    case 'choice': {
      const control = element(
        'select',
        { id, name: spec.name, 'aria-describedby': describedBy },
        ...input.choices.map(([value, label]) => element('option', { value }, label)),
      );
      return {
        wrap: element('div', { class: 'field' }, element('label', { for: id }, spec.label), control, ...(hint ? [hint] : [])),
        focusTarget: control,
        get: () => control.value,
        set: (value) => (control.value = String(value)),
      };
    }
    case 'operators': {
      const boxes = input.choices.map(([symbol, label], index) => {
        const box = element('input', { id: `${id}-${index}`, name: spec.name, type: 'checkbox', value: symbol });
        return { box, wrap: element('span', { class: 'choice' }, box, element('label', { for: box.id }, label)) };
      });
      const group = element('fieldset', { id, class: 'field choices', 'aria-describedby': describedBy }, element('legend', {}, spec.label), ...boxes.map((entry) => entry.wrap), ...(hint ? [hint] : []));
      return {
        wrap: group,
        focusTarget: boxes[0]!.box,
        get: () => boxes.filter((entry) => entry.box.checked).map((entry) => entry.box.value),
        set: (value) => {
          const ticked = Array.isArray(value) ? value : [];
          for (const { box } of boxes) box.checked = ticked.includes(box.value);
        },
      };
    }
  }
}
