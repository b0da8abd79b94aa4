// Reading the Train form's fields: a control's text checked against its field, and the options a
// run gets. Only the fields changed from the preset become options, as only the flags given on a
// command line do: the trainer fills in the rest from the preset, exactly as for `addrnn train`.
import type { FieldSpec, FieldValue, NumberInput } from './train-fields.js';
import type { PresetDefaults } from './preset-defaults.js';
import type { TrainFlags } from './worker-protocol.js';

/** What a control holds: an input's text, a checkbox's state, or the operators ticked. */
export type RawValue = string | boolean | readonly string[];

export type Parsed = { value: FieldValue } | { error: string };

/** A value as its control shows it: `null` (a lever off) is an empty input. */
export function rawOf(value: FieldValue): RawValue {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return value;
}

function describeRange(input: NumberInput): string {
  const { min, max, exclusiveMin = false, exclusiveMax = false } = input;
  if (max === undefined || max === Number.MAX_SAFE_INTEGER) return exclusiveMin ? `> ${min}` : `>= ${min}`;
  const from = exclusiveMin ? `above ${min}` : `${min}`;
  return `from ${from} to ${exclusiveMax ? 'below ' : ''}${max}`;
}

function parseNumber(spec: FieldSpec, input: NumberInput, raw: string): Parsed {
  const text = raw.trim();
  if (text === '' && input.emptyMeans !== undefined) return { value: null };
  const value = Number(text);
  const { min, max, exclusiveMin = false, exclusiveMax = false } = input;
  const inRange =
    text !== '' &&
    Number.isFinite(value) &&
    (exclusiveMin ? value > min : value >= min) &&
    (max === undefined || (exclusiveMax ? value < max : value <= max)) &&
    (!input.integer || Number.isInteger(value));
  if (inRange) return { value };
  const empty = input.emptyMeans === undefined ? '' : `, or empty for ${input.emptyMeans}`;
  return { error: `${spec.label} must be ${input.integer ? 'an integer' : 'a number'} ${describeRange(input)}${empty}; got ${JSON.stringify(raw)}` };
}

/** The control's value checked against its field; the error names the field, what it takes and what it got. */
export function parseField(spec: FieldSpec, raw: RawValue): Parsed {
  const { input } = spec;
  switch (input.kind) {
    case 'number':
      return parseNumber(spec, input, String(raw));
    case 'boolean':
      return { value: raw === true };
    case 'choice': {
      const known = input.choices.map(([value]) => value);
      return known.includes(String(raw))
        ? { value: String(raw) }
        : { error: `${spec.label} must be one of ${known.join(', ')}; got ${JSON.stringify(raw)}` };
    }
    case 'operators': {
      const ticked = Array.isArray(raw) ? raw : [];
      const known = input.choices.map(([symbol]) => symbol);
      if (ticked.length === 0) return { error: `${spec.label}: tick at least one of ${known.join(' ')}` };
      return { value: known.filter((symbol) => ticked.includes(symbol)) };
    }
  }
}

export function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => item === b[index]);
  return a === b;
}

/**
 * The options of a run from the form's values: those that differ from the preset's, set by each
 * field's `apply`. A form left as the preset has it gives `{}`: the preset's run, as `addrnn
 * train --preset NAME` trains it.
 */
export function changedOptions(fields: readonly FieldSpec[], defaults: PresetDefaults, values: ReadonlyMap<string, FieldValue>): TrainFlags {
  const options: TrainFlags = {};
  for (const spec of fields) {
    const value = values.get(spec.name);
    if (value === undefined || sameValue(value, spec.initial(defaults))) continue;
    spec.apply(options, value);
  }
  return options;
}
