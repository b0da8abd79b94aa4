import type { CurrentModel } from './current-model.js';
import { element } from './dom.js';
import { describeError } from './error-text.js';
import { createModelActions } from './model-actions.js';
import { createResumeOffer } from './resume-offer.js';
import { createTrainForm } from './train-form.js';
import { createTrainProgress } from './train-progress.js';
import type { FromWorker, ToWorker, TrainRequest } from './worker-protocol.js';

/** A worker that does not answer a stop within this long is terminated. */
const stopGraceMilliseconds = 8000;

/**
 * The Train view: the settings form (`train-form.ts`), a training run in a Web Worker (here),
 * its progress and charts (`train-progress.ts`, `train-charts.ts`), and what to do with the
 * result (`model-actions.ts`).
 */
export function createTrainView(current: CurrentModel, onUse: () => void): HTMLElement {
  const root = element('section', { id: 'train', 'aria-labelledby': 'tab-train', role: 'tabpanel', class: 'view', hidden: true });
  const form = createTrainForm();
  const progress = createTrainProgress(root.dataset);
  const actions = createModelActions(current, onUse);
  // Runs survive a reload (resume-offer.ts): its Resume submits the form with the stored run.
  const resumeOffer = createResumeOffer(() => form.element.requestSubmit());
  root.append(
    element('h2', {}, 'Train a network'),
    element(
      'p',
      { class: 'lede' },
      'Training runs in a background worker on the same backend as the page. Small settings (2–3 digits, 10 000 examples per epoch) learn in a few minutes.',
    ),
    ...resumeOffer.elements,
    form.element,
    ...progress.elements,
    element('h3', {}, 'The trained model'),
    ...actions.elements,
  );

  let worker: Worker | undefined;
  let stopTimer: ReturnType<typeof setTimeout> | undefined;

  const setRunning = (running: boolean) => {
    form.setRunning(running);
    resumeOffer.setRunning(running);
    root.classList.toggle('running', running);
  };

  const finish = () => {
    clearTimeout(stopTimer);
    worker?.terminate();
    worker = undefined;
    setRunning(false);
  };

  const handle = (message: FromWorker, request: TrainRequest) => {
    switch (message.type) {
      case 'done': {
        const reason = { epochs: 'finished', target: 'reached the target accuracy', aborted: 'stopped' }[message.stoppedBecause];
        progress.end(reason, message.epochs, message.stoppedBecause === 'aborted');
        actions.setTrained(
          message.artifacts,
          `trained here: ${request.digits}-digit ${form.cellLabel()}, ${request.hiddenSize} units, ${message.epochs} epochs`,
        );
        finish();
        break;
      }
      case 'error': {
        progress.setState('Training failed.');
        form.showError(message.message, message.stack);
        finish();
        break;
      }
      default:
        progress.show(message, request);
    }
  };

  form.element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (worker) return; // never two trainings
    const next = resumeOffer.next();
    const request = next.request ?? form.read();
    if (typeof request === 'string') {
      form.showError(request);
      return;
    }
    form.hideError();
    progress.begin();
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
    started.postMessage({ type: 'start', request, stored: next.stored } satisfies ToWorker);
  });

  form.stop.addEventListener('click', () => {
    if (!worker) return;
    progress.stopping = true;
    form.stop.disabled = true;
    progress.setState('Stopping after this batch…');
    worker.postMessage({ type: 'stop' } satisfies ToWorker);
    const stopping = worker;
    stopTimer = setTimeout(() => {
      if (worker !== stopping) return;
      progress.setState('Training stopped (the worker did not answer in time, so its model is lost).');
      finish();
    }, stopGraceMilliseconds);
  });

  return root;
}
