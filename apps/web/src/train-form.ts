import { MAX_BATCH_SIZE } from '@addrnn/dataset';
import type { BackendChoice, Cell } from '@addrnn/model';
import { MAX_HIDDEN_SIZE, MAX_LAYERS } from '@addrnn/model/limits';
import { requestedBackend } from './backend.js';
import { element } from './dom.js';
import { chooseEvaluateEvery } from './evaluation-interval.js';
import type { TrainRequest } from './worker-protocol.js';

/** Validation questions checked at each evaluation. */
const validationSize = 1000;

interface NumberField {
  name: keyof TrainRequest;
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
}

const numberFields: NumberField[] = [
  { name: 'digits', label: 'Digits per number', value: 3, min: 1, max: 15 },
  { name: 'examplesPerEpoch', label: 'Examples per epoch', value: 10000, min: 32, max: 1_000_000, step: 1 },
  { name: 'encoderLayers', label: 'Encoder layers', value: 1, min: 1, max: MAX_LAYERS },
  { name: 'decoderLayers', label: 'Decoder layers', value: 1, min: 1, max: MAX_LAYERS },
  { name: 'hiddenSize', label: 'Hidden size', value: 128, min: 4, max: MAX_HIDDEN_SIZE },
  { name: 'batchSize', label: 'Batch size', value: 64, min: 1, max: MAX_BATCH_SIZE },
  { name: 'epochs', label: 'Epochs', value: 20, min: 1, max: 1000 },
  { name: 'learningRate', label: 'Learning rate', value: 0.003, min: 0.00001, max: 1, step: 0.0001 },
];

function field(label: string, control: HTMLElement, id: string): HTMLElement {
  return element('div', { class: 'field' }, element('label', { for: id }, label), control);
}

/** The Train view's settings form: its controls, the Start and Stop buttons, and the run's error line. */
export interface TrainForm {
  element: HTMLFormElement;
  start: HTMLButtonElement;
  stop: HTMLButtonElement;
  /** The settings as a worker request, or a message naming the first invalid field (which gets focus). */
  read(): TrainRequest | string;
  /** Disables the controls and Start (enables Stop) while a run is going. */
  setRunning(running: boolean): void;
  /** Shows an error under the buttons, with its stack trace (when known) in a collapsed block. */
  showError(message: string, stack?: string): void;
  hideError(): void;
  /** The cell's name as the form shows it ("LSTM"). */
  cellLabel(): string;
}

export function createTrainForm(): TrainForm {
  const inputs = new Map<keyof TrainRequest, HTMLInputElement>();
  const fields = numberFields.map((spec) => {
    const input = element('input', {
      id: `train-${spec.name}`,
      name: spec.name,
      type: 'number',
      value: spec.value,
      min: spec.min,
      max: spec.max,
      step: spec.step ?? 1,
      required: true,
    });
    inputs.set(spec.name, input);
    return field(spec.label, input, input.id);
  });
  const cell = element(
    'select',
    { id: 'train-cell', name: 'cell' },
    element('option', { value: 'lstm', selected: true }, 'LSTM'),
    element('option', { value: 'gru' }, 'GRU'),
    element('option', { value: 'simpleRNN' }, 'SimpleRNN'),
  );
  fields.splice(2, 0, field('Cell', cell, cell.id));
  // Software WebGL (as in headless browsers) can be several times slower than wasm for these small networks.
  const pageBackend = requestedBackend();
  const backendChoice = element(
    'select',
    { id: 'train-backend-choice', name: 'backend' },
    ...(['auto', 'wasm', 'webgl', 'cpu'] as const).map((choice) =>
      element('option', { value: choice, selected: choice === pageBackend }, choice === 'auto' ? 'fastest available' : choice),
    ),
  );
  fields.push(field('Backend', backendChoice, backendChoice.id));
  const reverseAnswer = element('input', { id: 'train-reverseAnswer', name: 'reverseAnswer', type: 'checkbox' });
  const reverseField = element(
    'div',
    { class: 'field checkbox' },
    reverseAnswer,
    element('label', { for: reverseAnswer.id }, 'Reverse the answer (least significant digit first)'),
  );

  const start = element('button', { type: 'submit', id: 'train-start' }, 'Start');
  const stop = element('button', { type: 'button', id: 'train-stop', class: 'danger', disabled: true }, 'Stop');
  const formError = element('p', { id: 'train-error', class: 'error', role: 'alert', hidden: true });
  const errorStack = element('pre', { id: 'train-error-stack' });
  const errorDetails = element('details', { class: 'error-details', hidden: true }, element('summary', {}, 'Stack trace'), errorStack);
  const form = element(
    'form',
    { id: 'train-form', class: 'train-form', novalidate: true },
    element('fieldset', {}, element('legend', {}, 'Options'), element('div', { class: 'fields' }, ...fields), reverseField),
    element('div', { class: 'toolbar' }, start, stop),
    formError,
    errorDetails,
  );

  const read = (): TrainRequest | string => {
    const values: Partial<Record<keyof TrainRequest, number>> = {};
    for (const spec of numberFields) {
      const input = inputs.get(spec.name)!;
      const value = Number(input.value);
      const integer = spec.step === undefined || spec.step === 1;
      if (input.value.trim() === '' || !Number.isFinite(value) || value < spec.min || value > spec.max || (integer && !Number.isInteger(value))) {
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return `${spec.label} must be ${integer ? 'an integer' : 'a number'} from ${spec.min} to ${spec.max}, got ${JSON.stringify(input.value)}`;
      }
      input.removeAttribute('aria-invalid');
      values[spec.name] = value;
    }
    const evaluateEvery = chooseEvaluateEvery({ examplesPerEpoch: values.examplesPerEpoch!, batchSize: values.batchSize!, validationSize });
    return {
      digits: values.digits!,
      examplesPerEpoch: values.examplesPerEpoch!,
      cell: cell.value as Cell,
      encoderLayers: values.encoderLayers!,
      decoderLayers: values.decoderLayers!,
      hiddenSize: values.hiddenSize!,
      batchSize: values.batchSize!,
      epochs: values.epochs!,
      reverseAnswer: reverseAnswer.checked,
      learningRate: values.learningRate!,
      validationSize,
      ...(evaluateEvery === undefined ? {} : { evaluateEvery }),
      backend: backendChoice.value as BackendChoice,
    };
  };

  return {
    element: form,
    start,
    stop,
    read,
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
    cellLabel: () => cell.selectedOptions[0]?.textContent ?? cell.value,
  };
}
