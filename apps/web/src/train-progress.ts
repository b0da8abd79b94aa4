import type { EpochLog } from '@addrnn/trainer';
import { answerRow, answerTableHead, element, percent } from './dom.js';
import { chooseTrainingThreads, describeThreads, type ThreadChoice } from './threads.js';
import { createTrainCharts } from './train-charts.js';
import type { FromWorker, TrainRequest } from './worker-protocol.js';

/** The progress messages of a run: everything the worker posts but the final model and errors. */
export type ProgressMessage = Extract<FromWorker, { type: 'started' | 'batch' | 'evaluation' | 'epoch' }>;

/** What the Train view shows of a run: state line, progress bar, speed, charts, sample answers. */
export interface TrainProgress {
  /** In page order: the progress line, the threads line, the charts, the samples table. */
  elements: HTMLElement[];
  /** Clears the previous run's progress as a new one starts. */
  begin(): void;
  show(message: ProgressMessage, request: TrainRequest): void;
  /** The state line, e.g. 'Stopping after this batch…'. */
  setState(text: string): void;
  /** The run ended: says why, with the last validation accuracy; the bar fills unless it was stopped. */
  end(reason: string, epochs: number, aborted: boolean): void;
  /** Stop was pressed: batch messages no longer overwrite the state line. */
  stopping: boolean;
}

const examples = (count: number) => count.toLocaleString('en');

/**
 * The data attributes on `dataset` (the Train view's section) are read by the browser tests and
 * `bench/browser-train.mjs`: cross-origin isolation, threads, examples per second, examples seen
 * (and the page's `performance.now()` then), the evaluation interval ('epoch': at epoch ends only), the number
 * of evaluations and epochs drawn, and the examples seen at the last evaluation.
 */
export function createTrainProgress(dataset: DOMStringMap): TrainProgress {
  const state = element('p', { id: 'train-state', role: 'status' }, 'Not started.');
  const progress = element('progress', { id: 'train-progress', max: 1, value: 0, 'aria-label': 'Epoch progress' });
  const speed = element('span', { id: 'train-speed' });
  const trainBackend = element('span', { id: 'train-backend' });
  const evaluation = element('p', { id: 'train-evaluation', class: 'meta' });
  const threadsLine = element('p', { id: 'train-threads', class: 'meta' });
  const charts = createTrainCharts();
  charts.reset(false);
  const samplesBody = element('tbody');
  const samples = element(
    'table',
    { id: 'train-samples', hidden: true },
    element('caption', {}, 'Validation questions after the last epoch'),
    answerTableHead(),
    samplesBody,
  );

  let lastEpoch: EpochLog | undefined;
  let evaluations = 0;

  /** What the page knows before a run starts; the worker confirms it in 'started'. */
  const showThreads = (choice: ThreadChoice) => {
    threadsLine.textContent = describeThreads(choice);
    dataset['crossOriginIsolated'] = String(choice.crossOriginIsolated);
    dataset['threads'] = String(choice.threads);
  };
  showThreads(chooseTrainingThreads());

  const drawSamples = (log: EpochLog) => {
    samples.hidden = log.samples.length === 0;
    samplesBody.replaceChildren(
      ...log.samples.map((sample) =>
        answerRow(sample.question, sample.predicted === '' ? '(blank)' : sample.predicted, sample.expected, sample.correct),
      ),
    );
  };

  const result: TrainProgress = {
    elements: [
      element('div', { class: 'progress-line' }, state, progress, element('p', { class: 'meta' }, speed, ' ', trainBackend), evaluation),
      threadsLine,
      charts.element,
      samples,
    ],
    stopping: false,
    begin: () => {
      for (const key of ['examplesPerSecond', 'examplesSeen', 'examplesSeenAt', 'evaluateEvery', 'evaluatedAtExamples'] as const) delete dataset[key];
      dataset['evaluations'] = dataset['epochs'] = '0';
      lastEpoch = undefined;
      evaluations = 0;
      charts.reset(true);
      samples.hidden = true;
      progress.value = 0;
      speed.textContent = '';
      evaluation.textContent = '';
      result.stopping = false;
      state.textContent = 'Starting the worker…';
    },
    show: (message, request) => {
      switch (message.type) {
        case 'started': {
          const skipped = message.backend.skipped.map((entry) => entry.name).join(', ');
          trainBackend.textContent = `Backend: ${message.backend.name}${skipped ? ` (skipped ${skipped})` : ''}. ${message.parameters.toLocaleString('en')} weights.`;
          showThreads(message.threads);
          state.textContent = `Training epoch 1 of ${request.epochs}…`;
          dataset['evaluateEvery'] = String(request.evaluateEvery ?? 'epoch');
          evaluation.textContent =
            request.evaluateEvery === undefined
              ? 'Validation after each epoch.'
              : `Validation every ${examples(request.evaluateEvery)} examples and after each epoch.`;
          break;
        }
        case 'batch': {
          const { log } = message;
          progress.value = log.batch / log.batchesPerEpoch;
          speed.textContent = `${Math.round(log.samplesPerSecond).toLocaleString('en')} examples/s, batch loss ${log.loss.toFixed(3)} (moving average ${message.smoothedLoss.toFixed(3)}).`;
          dataset['examplesPerSecond'] = String(log.samplesPerSecond);
          dataset['examplesSeen'] = String(log.examplesSeen);
          dataset['examplesSeenAt'] = String(performance.now());
          charts.addBatchLoss(log.examplesSeen, message.smoothedLoss);
          if (!result.stopping) state.textContent = `Training epoch ${log.epoch} of ${request.epochs}…`;
          break;
        }
        case 'evaluation': {
          const { log } = message;
          evaluations += 1;
          dataset['evaluations'] = String(evaluations);
          dataset['evaluatedAtExamples'] = String(log.examplesSeen);
          charts.addEvaluation(log);
          const passed = log.targetsReached.map((target) => percent(target.accuracy, 1)).join(', ');
          evaluation.textContent =
            `Validation at ${examples(log.examplesSeen)} examples (epoch ${log.epoch}): whole-answer accuracy ${percent(log.validation.exactMatch)}, ` +
            `per character ${percent(log.validation.charAccuracy)}, loss ${log.validation.loss.toFixed(3)}.` +
            (passed ? ` First passed ${passed}.` : '');
          break;
        }
        case 'epoch': {
          const { log } = message;
          lastEpoch = log;
          dataset['epochs'] = String(log.epoch);
          charts.addEpoch(log);
          drawSamples(log);
          speed.textContent = `${Math.round(log.samplesPerSecond).toLocaleString('en')} examples/s.`;
          state.textContent = `Epoch ${log.epoch} of ${log.epochs}: validation whole-answer accuracy ${percent(log.validation.exactMatch)}, per character ${percent(log.validation.charAccuracy)}.`;
          break;
        }
      }
    },
    setState: (text) => {
      state.textContent = text;
    },
    end: (reason, epochs, aborted) => {
      state.textContent =
        `Training ${reason} after ${epochs} epoch${epochs === 1 ? '' : 's'}` +
        (lastEpoch ? `: validation whole-answer accuracy ${percent(lastEpoch.validation.exactMatch)}.` : '.');
      if (!aborted) progress.value = 1;
    },
  };
  return result;
}
