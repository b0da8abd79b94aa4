import * as tf from '@tensorflow/tfjs';
import { loadAdder, type BackendChoice, type Cell } from '@addrnn/model';
import type { EpochLog } from '@addrnn/trainer';
import { requestedBackend } from './backend.js';
import { describeArchitecture, type CurrentModel } from './current-model.js';
import { downloadModel } from './download-model.js';
import { answerRow, answerTableHead, element, messageOf, percent } from './dom.js';
import { describeError } from './error-text.js';
import { createLineChart } from './line-chart.js';
import { chooseTrainingThreads, describeThreads, type ThreadChoice } from './threads.js';
import type { FromWorker, ToWorker, TrainRequest } from './worker-protocol.js';

/** Where "Save to browser" keeps the model. */
export const browserModelUrl = 'indexeddb://addrnn';
/** "Download" saves `addrnn.json` and `addrnn.weights.bin`, as `downloads://addrnn` would. */
const downloadName = 'addrnn';
/** A worker that does not answer a stop within this long is terminated. */
const stopGraceMilliseconds = 8000;
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
  { name: 'encoderLayers', label: 'Encoder layers', value: 1, min: 1, max: 4 },
  { name: 'decoderLayers', label: 'Decoder layers', value: 1, min: 1, max: 4 },
  { name: 'hiddenSize', label: 'Hidden size', value: 128, min: 4, max: 1024 },
  { name: 'batchSize', label: 'Batch size', value: 64, min: 1, max: 4096 },
  { name: 'epochs', label: 'Epochs', value: 20, min: 1, max: 1000 },
  { name: 'learningRate', label: 'Learning rate', value: 0.003, min: 0.00001, max: 1, step: 0.0001 },
];

function field(label: string, control: HTMLElement, id: string): HTMLElement {
  return element('div', { class: 'field' }, element('label', { for: id }, label), control);
}

/** The Train view: options, a training run in a Web Worker, live charts, and what to do with the result. */
export function createTrainView(current: CurrentModel, onUse: () => void): HTMLElement {
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

  const state = element('p', { id: 'train-state', role: 'status' }, 'Not started.');
  const progress = element('progress', { id: 'train-progress', max: 1, value: 0, 'aria-label': 'Epoch progress' });
  const speed = element('span', { id: 'train-speed' });
  const trainBackend = element('span', { id: 'train-backend' });
  const threadsLine = element('p', { id: 'train-threads', class: 'meta' });

  const lossChart = createLineChart({
    title: 'Loss (cross-entropy)',
    series: [
      { name: 'training', className: 'series-train' },
      { name: 'validation', className: 'series-validation' },
    ],
    formatY: (value) => value.toFixed(2),
  });
  const charChart = createLineChart({
    title: 'Per-character accuracy',
    series: [
      { name: 'training', className: 'series-train' },
      { name: 'validation', className: 'series-validation' },
    ],
    yDomain: [0, 1],
    formatY: (value) => `${Math.round(value * 100)}%`,
  });
  const exactChart = createLineChart({
    title: 'Whole-answer accuracy',
    series: [
      { name: 'training', className: 'series-train' },
      { name: 'validation', className: 'series-validation' },
    ],
    yDomain: [0, 1],
    formatY: (value) => `${Math.round(value * 100)}%`,
  });
  lossChart.element.id = 'chart-loss';
  charChart.element.id = 'chart-char-accuracy';
  exactChart.element.id = 'chart-exact-match';

  const samplesBody = element('tbody');
  const samples = element(
    'table',
    { id: 'train-samples', hidden: true },
    element('caption', {}, 'Validation questions after the last epoch'),
    answerTableHead(),
    samplesBody,
  );

  const use = element('button', { type: 'button', id: 'model-use', disabled: true }, 'Use this model');
  const save = element('button', { type: 'button', id: 'model-save', class: 'secondary', disabled: true }, 'Save to browser');
  const download = element('button', { type: 'button', id: 'model-download', class: 'secondary', disabled: true }, 'Download');
  const load = element('button', { type: 'button', id: 'model-load', class: 'secondary' }, 'Load from browser');
  const modelStatus = element('p', { id: 'model-status', role: 'status' });

  const root = element(
    'section',
    { id: 'train', 'aria-labelledby': 'tab-train', role: 'tabpanel', class: 'view', hidden: true },
    element('h2', {}, 'Train a network'),
    element(
      'p',
      { class: 'lede' },
      'Training runs in a background worker on the same backend as the page. Small settings (2–3 digits, 10 000 examples per epoch) learn in a few minutes.',
    ),
    form,
    element('div', { class: 'progress-line' }, state, progress, element('p', { class: 'meta' }, speed, ' ', trainBackend)),
    threadsLine,
    element('div', { class: 'charts' }, lossChart.element, charChart.element, exactChart.element),
    samples,
    element('h3', {}, 'The trained model'),
    element('div', { class: 'toolbar' }, use, save, download, load),
    modelStatus,
  );

  /**
   * What the page knows before a run starts (the worker confirms it in 'started'). The data
   * attributes are read by the browser tests and `bench/browser-train.mjs`.
   */
  const showThreads = (choice: ThreadChoice) => {
    threadsLine.textContent = describeThreads(choice);
    root.dataset['crossOriginIsolated'] = String(choice.crossOriginIsolated);
    root.dataset['threads'] = String(choice.threads);
  };
  showThreads(chooseTrainingThreads());

  const showError = (message: string, stack?: string) => {
    state.textContent = 'Training failed.';
    formError.textContent = message;
    formError.hidden = false;
    errorStack.textContent = stack ?? '';
    errorDetails.hidden = stack === undefined;
  };

  let worker: Worker | undefined;
  let stopTimer: ReturnType<typeof setTimeout> | undefined;
  let history: EpochLog[] = [];
  let artifacts: tf.io.ModelArtifacts | undefined;
  let artifactsLabel = '';

  const setRunning = (running: boolean) => {
    start.disabled = running;
    stop.disabled = !running;
    for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) control.disabled = running;
    root.classList.toggle('running', running);
  };

  const setArtifacts = (next: tf.io.ModelArtifacts | undefined, label: string) => {
    artifacts = next;
    artifactsLabel = label;
    use.disabled = save.disabled = download.disabled = next === undefined;
  };

  const readRequest = (): TrainRequest | string => {
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
      backend: backendChoice.value as BackendChoice,
    };
  };

  const drawCharts = () => {
    lossChart.update([history.map((log) => log.loss), history.map((log) => log.validation.loss)]);
    charChart.update([history.map((log) => log.charAccuracy), history.map((log) => log.validation.charAccuracy)]);
    exactChart.update([history.map((log) => log.exactMatch), history.map((log) => log.validation.exactMatch)]);
  };

  const drawSamples = (log: EpochLog) => {
    samples.hidden = log.samples.length === 0;
    samplesBody.replaceChildren(
      ...log.samples.map((sample) =>
        answerRow(sample.question, sample.predicted === '' ? '(blank)' : sample.predicted, sample.expected, sample.correct),
      ),
    );
  };

  const finish = () => {
    clearTimeout(stopTimer);
    worker?.terminate();
    worker = undefined;
    setRunning(false);
  };

  const handle = (message: FromWorker, request: TrainRequest) => {
    switch (message.type) {
      case 'started': {
        const skipped = message.backend.skipped.map((entry) => entry.name).join(', ');
        trainBackend.textContent = `Backend: ${message.backend.name}${skipped ? ` (skipped ${skipped})` : ''}. ${message.parameters.toLocaleString('en')} weights.`;
        showThreads(message.threads);
        state.textContent = `Training epoch 1 of ${request.epochs}…`;
        break;
      }
      case 'batch': {
        const { log } = message;
        progress.value = log.batch / log.batchesPerEpoch;
        speed.textContent = `${Math.round(log.samplesPerSecond).toLocaleString('en')} examples/s, batch loss ${log.loss.toFixed(3)}.`;
        root.dataset['examplesPerSecond'] = String(log.samplesPerSecond);
        root.dataset['examplesSeen'] = String(log.examplesSeen);
        root.dataset['examplesSeenAt'] = String(performance.now());
        if (!stop.dataset['stopping']) state.textContent = `Training epoch ${log.epoch} of ${request.epochs}…`;
        break;
      }
      case 'epoch': {
        history.push(message.log);
        drawCharts();
        drawSamples(message.log);
        const { log } = message;
        speed.textContent = `${Math.round(log.samplesPerSecond).toLocaleString('en')} examples/s.`;
        state.textContent = `Epoch ${log.epoch} of ${log.epochs}: validation whole-answer accuracy ${percent(log.validation.exactMatch)}, per character ${percent(log.validation.charAccuracy)}.`;
        break;
      }
      case 'done': {
        const reason = { epochs: 'finished', target: 'reached the target accuracy', aborted: 'stopped' }[message.stoppedBecause];
        const last = history[history.length - 1];
        state.textContent =
          `Training ${reason} after ${message.epochs} epoch${message.epochs === 1 ? '' : 's'}` +
          (last ? `: validation whole-answer accuracy ${percent(last.validation.exactMatch)}.` : '.');
        progress.value = message.stoppedBecause === 'aborted' ? progress.value : 1;
        setArtifacts(
          message.artifacts,
          `trained here: ${request.digits}-digit ${cell.selectedOptions[0]?.textContent ?? request.cell}, ${request.hiddenSize} units, ${message.epochs} epochs`,
        );
        modelStatus.textContent = 'The trained model is ready: use it in Ask and Try many, save it in this browser, or download it.';
        finish();
        break;
      }
      case 'error': {
        showError(message.message, message.stack);
        finish();
        break;
      }
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (worker) return; // never two trainings
    const request = readRequest();
    if (typeof request === 'string') {
      formError.textContent = request;
      formError.hidden = false;
      return;
    }
    formError.hidden = true;
    errorDetails.hidden = true;
    for (const key of ['examplesPerSecond', 'examplesSeen', 'examplesSeenAt'] as const) delete root.dataset[key];
    history = [];
    drawCharts();
    samples.hidden = true;
    progress.value = 0;
    speed.textContent = '';
    delete stop.dataset['stopping'];
    state.textContent = 'Starting the worker…';
    setRunning(true);
    const started = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'addrnn-train' });
    worker = started;
    started.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      if (worker === started) handle(event.data, request);
    });
    started.addEventListener('error', (event) => {
      if (worker !== started) return;
      event.preventDefault();
      const { message, stack } = describeError(event);
      handle({ type: 'error', message: message || 'the training worker failed to start', ...(stack === undefined ? {} : { stack }) }, request);
    });
    started.addEventListener('messageerror', () => {
      if (worker !== started) return;
      handle({ type: 'error', message: 'a message from the training worker could not be read (messageerror)' }, request);
    });
    started.postMessage({ type: 'start', request } satisfies ToWorker);
  });

  stop.addEventListener('click', () => {
    if (!worker) return;
    stop.dataset['stopping'] = 'true';
    stop.disabled = true;
    state.textContent = 'Stopping after this batch…';
    worker.postMessage({ type: 'stop' } satisfies ToWorker);
    const stopping = worker;
    stopTimer = setTimeout(() => {
      if (worker !== stopping) return;
      state.textContent = 'Training stopped (the worker did not answer in time, so its model is lost).';
      finish();
    }, stopGraceMilliseconds);
  });

  use.addEventListener('click', () => {
    if (!artifacts) return;
    const label = artifactsLabel;
    loadAdder(tf.io.fromMemory(artifacts))
      .then((adder) => {
        current.set({ adder, label });
        modelStatus.textContent = `Now using the model ${label} (${describeArchitecture(adder)}).`;
        onUse();
      })
      .catch((error: unknown) => (modelStatus.textContent = `Cannot use the model: ${messageOf(error)}`));
  });

  save.addEventListener('click', () => {
    if (!artifacts) return;
    const [handler] = tf.io.getSaveHandlers(browserModelUrl);
    if (!handler?.save) {
      modelStatus.textContent = 'This browser has no IndexedDB to save the model in.';
      return;
    }
    handler
      .save(artifacts)
      .then(() => (modelStatus.textContent = `Saved in this browser (${browserModelUrl}).`))
      .catch((error: unknown) => (modelStatus.textContent = `Cannot save the model: ${messageOf(error)}`));
  });

  download.addEventListener('click', () => {
    if (!artifacts) return;
    downloadModel(artifacts, downloadName)
      .then(() => (modelStatus.textContent = 'Downloaded addrnn.json and addrnn.weights.bin.'))
      .catch((error: unknown) => (modelStatus.textContent = `Cannot download the model: ${messageOf(error)}`));
  });

  load.addEventListener('click', () => {
    loadAdder(browserModelUrl)
      .then((adder) => {
        current.set({ adder, label: `saved in this browser: ${describeArchitecture(adder)}` });
        modelStatus.textContent = `Loaded the model saved in this browser (${describeArchitecture(adder)}); Ask and Try many use it now.`;
        onUse();
      })
      .catch((error: unknown) => {
        modelStatus.textContent = /cannot find model/i.test(messageOf(error))
          ? 'No model is saved in this browser yet: train one and press Save to browser.'
          : `Cannot load the saved model: ${messageOf(error)}`;
      });
  });

  return root;
}
