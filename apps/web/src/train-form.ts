import type { BackendChoice } from '@addrnn/model';
import type { PresetName } from '@addrnn/trainer';
import { requestedBackend } from './backend.js';
import { element } from './dom.js';
import { presetDefaults, presetNames, type PresetDefaults } from './preset-defaults.js';
import { chooseTrainingThreads } from './threads.js';
import { createControl, type FieldControl } from './train-controls.js';
import { changedOptions, parseField, rawOf } from './train-field-values.js';
import { trainFields, type FieldValue } from './train-fields.js';
import type { TrainRequest } from './worker-protocol.js';

/** The Train view's settings form: the preset, its fields, the Start and Stop buttons, and the run's error line. */
export interface TrainForm {
  element: HTMLFormElement;
  start: HTMLButtonElement;
  stop: HTMLButtonElement;
  /** The preset and the fields changed from it, as a worker request, or a message naming the first invalid field (which gets focus). */
  read(): TrainRequest | string;
  /** Chooses a preset and resets every field to it (as choosing it in the page does). */
  choosePreset(name: PresetName): void;
  /** Disables the controls and Start (enables Stop) while a run is going. */
  setRunning(running: boolean): void;
  /** Shows an error under the buttons, with its stack trace (when known) in a collapsed block. */
  showError(message: string, stack?: string): void;
  hideError(): void;
}

/** One line on what the preset trains: the family is the preset's, not a field. */
function describePreset(defaults: PresetDefaults): string {
  const { family, task, options } = defaults;
  const stop = options.targetAccuracy === undefined ? 'no early stop' : `stops at ${Number((options.targetAccuracy * 100).toFixed(2))} % of ${options.validationSize.toLocaleString('en')} validation questions`;
  return (
    `Model family: ${family.name}` +
    `${family.answersLongerOperands ? ' (adds numbers of any length; Use this model sends it to Long sums)' : ''}. ` +
    `${task.digits}-digit ${task.operators.join(' ')}, up to ${(options.epochs * options.examplesPerEpoch).toLocaleString('en')} examples, ${stop}.`
  );
}

export function createTrainForm(): TrainForm {
  const fields = trainFields(chooseTrainingThreads().available);
  const controls = new Map<string, FieldControl>(fields.map((spec) => [spec.name, createControl(spec)]));
  const names = presetNames();
  const preset = element(
    'select',
    { id: 'train-preset', name: 'preset', 'aria-describedby': 'train-preset-summary' },
    ...names.map((name) => element('option', { value: name }, name)),
  );
  const summary = element('p', { id: 'train-preset-summary', class: 'hint' });
  // Software WebGL (as in headless browsers) can be several times slower than wasm for these small networks.
  const pageBackend = requestedBackend();
  const backendChoice = element(
    'select',
    { id: 'train-backend-choice', name: 'backend' },
    ...(['auto', 'wasm', 'webgl', 'cpu'] as const).map((choice) =>
      element('option', { value: choice, selected: choice === pageBackend }, choice === 'auto' ? 'fastest available' : choice),
    ),
  );
  const wrapsOf = (more: boolean) => fields.filter((spec) => spec.more === more).map((spec) => controls.get(spec.name)!.wrap);
  const checkbox = (wrap: HTMLElement) => wrap.classList.contains('checkbox');
  const mainWraps = wrapsOf(false);
  const moreWraps = wrapsOf(true);
  const more = element(
    'details',
    { id: 'train-more', class: 'more-options' },
    element('summary', {}, 'More options'),
    element('div', { class: 'fields' }, ...moreWraps.filter((wrap) => !checkbox(wrap))),
    ...moreWraps.filter(checkbox),
  );

  const start = element('button', { type: 'submit', id: 'train-start' }, 'Start');
  const stop = element('button', { type: 'button', id: 'train-stop', class: 'danger', disabled: true }, 'Stop');
  const formError = element('p', { id: 'train-error', class: 'error', role: 'alert', hidden: true });
  const errorStack = element('pre', { id: 'train-error-stack' });
  const errorDetails = element('details', { class: 'error-details', hidden: true }, element('summary', {}, 'Stack trace'), errorStack);
  const form = element(
    'form',
    { id: 'train-form', class: 'train-form', novalidate: true },
    element(
      'fieldset',
      {},
      element('legend', {}, 'Options'),
      element('div', { class: 'field preset' }, element('label', { for: preset.id }, 'Preset'), preset, summary),
      element(
        'div',
        { class: 'fields' },
        ...mainWraps.filter((wrap) => !checkbox(wrap)),
        element('div', { class: 'field' }, element('label', { for: backendChoice.id }, 'Backend'), backendChoice),
      ),
      ...mainWraps.filter(checkbox),
      more,
    ),
    element('div', { class: 'toolbar' }, start, stop),
    formError,
    errorDetails,
  );

  let defaults = presetDefaults(names[0]!);
  const choosePreset = (name: PresetName) => {
    defaults = presetDefaults(name);
    preset.value = name;
    summary.textContent = describePreset(defaults);
    for (const spec of fields) {
      const control = controls.get(spec.name)!;
      control.set(rawOf(spec.initial(defaults)));
      control.focusTarget.removeAttribute('aria-invalid');
    }
  };
  choosePreset(defaults.name);
  preset.addEventListener('change', () => choosePreset(preset.value as PresetName));

  const read = (): TrainRequest | string => {
    const values = new Map<string, FieldValue>();
    for (const spec of fields) {
      const control = controls.get(spec.name)!;
      const parsed = parseField(spec, control.get());
      if ('error' in parsed) {
        if (spec.more) more.open = true;
        control.focusTarget.setAttribute('aria-invalid', 'true');
        control.focusTarget.focus();
        return parsed.error;
      }
      control.focusTarget.removeAttribute('aria-invalid');
      values.set(spec.name, parsed.value);
    }
    return { preset: defaults.name, options: changedOptions(fields, defaults, values), backend: backendChoice.value as BackendChoice };
  };

  return {
    element: form,
    start,
    stop,
    read,
    choosePreset,
    setRunning: (running) => {
      start.disabled = running;
      stop.disabled = !running;
      for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) control.disabled = running;
    },
    showError: (message, stack) => {
      formError.textContent = message;
      formError.hidden = false;
      errorStack.textContent = stack ?? '';
      errorDetails.hidden = stack === undefined;
    },
    hideError: () => {
      formError.hidden = true;
      errorDetails.hidden = true;
    },
  };
}
