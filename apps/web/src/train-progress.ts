import type { EpochLog, EvaluationLog, ResolvedTrainOptions, StopReason } from '@addrnn/trainer';
import { answerRow, answerTableHead, element, percent } from './dom.js';
import { chooseTrainingThreads, describeThreads, type ThreadChoice } from './threads.js';
import { createTrainCharts } from './train-charts.js';
import { createTargetReports, formatElapsed } from './train-targets.js';
import type { FromWorker } from './worker-protocol.js';

/** The progress messages of a run: everything the worker posts but the final model and errors. */
export type ProgressMessage = Extract<FromWorker, { type: 'started' | 'batch' | 'evaluation' | 'epoch' }>;

/** What the Train view shows of a run: state line, progress bar, speed, charts, sample answers. */
export interface TrainProgress {
  /** In page order: the progress line, the threads line, the target reports, the charts, the samples table. */
  elements: HTMLElement[];
  /** Clears the previous run's progress as a new one starts. */
  begin(): void;
  show(message: ProgressMessage): void;
  /** The state line, e.g. 'Stopping after this batch…'. */
  setState(text: string): void;
  /** The run ended: says why, after how many examples and how long, with the last validation accuracy; the bar fills unless it was stopped. */
  end(done: Extract<FromWorker, { type: 'done' }>): void;
  /** Stop was pressed: batch messages no longer overwrite the state line. */
  stopping: boolean;
}

const examples = (count: number) => count.toLocaleString('en');

/**
 * The data attributes on `dataset` (the Train view's section) are read by the browser tests and
 * the benches (`bench/browser-train.mjs`, `bench/web-train.mjs`): cross-origin isolation,
 * threads, examples per second, examples seen (and the page's `performance.now()` then), the
 * evaluation interval ('epoch': at epoch ends only), the number of evaluations and epochs drawn,
 * the examples seen at the last evaluation, and at the end why the run stopped, its examples and
 * its training time.
 */
export function createTrainProgress(dataset: DOMStringMap): TrainProgress {
  // Live regions: the state line (role status) and the validation line announce the run's
  // progress and results; the speed line changes several times a second and is not announced.
  const state = element('p', { id: 'train-state', role: 'status' }, 'Not started.');
  const progress = element('progress', { id: 'train-progress', max: 1, value: 0, 'aria-label': 'Epoch progress' });
  const speed = element('span', { id: 'train-speed' });
  const trainBackend = element('span', { id: 'train-backend' });
  const evaluation = element('p', { id: 'train-evaluation', class: 'meta', 'aria-live': 'polite' });
  const threadsLine = element('p', { id: 'train-threads', class: 'meta' });
  const targets = createTargetReports();
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

  let options: ResolvedTrainOptions | undefined;
  let lastEpoch: EpochLog | undefined;
  let lastEvaluation: EvaluationLog | undefined;
  let evaluations = 0;
  let threads = 1;

  /** What the page knows before a run starts; the worker confirms it in 'started'. */
  const showThreads = (choice: ThreadChoice, oneThreadFamily = false) => {
    threadsLine.textContent = oneThreadFamily
      ? `${choice.crossOriginIsolated ? 'Cross-origin isolated' : 'Not cross-origin isolated'}: training uses 1 thread, as this model family trains on one.`
      : describeThreads(choice);
    dataset['crossOriginIsolated'] = String(choice.crossOriginIsolated);
    dataset['threads'] = String(choice.threads);
    threads = choice.threads;
  };
  showThreads(chooseTrainingThreads());
  const showSpeed = (examplesPerSecond: number, extra = '') => {
    speed.textContent = `${Math.round(examplesPerSecond).toLocaleString('en')} examples/s on ${threads} thread${threads === 1 ? '' : 's'}.${extra}`;
    dataset['examplesPerSecond'] = String(examplesPerSecond);
  };

  const drawSamples = (log: EpochLog) => {
    samples.hidden = log.samples.length === 0;
    samplesBody.replaceChildren(
      ...log.samples.map((sample) =>
        answerRow(sample.question, sample.predicted === '' ? '(blank)' : sample.predicted, sample.expected, sample.correct),
      ),
    );
  };

  const reasons: Record<StopReason, string> = { epochs: 'finished', target: 'reached the target accuracy', aborted: 'stopped' };

  const result: TrainProgress = {
    elements: [
      element('div', { class: 'progress-line' }, state, progress, element('p', { class: 'meta' }, speed, ' ', trainBackend), evaluation),
      threadsLine,
      targets.element,
      charts.element,
      samples,
    ],
    stopping: false,
    begin: () => {
      for (const key of ['examplesPerSecond', 'examplesSeen', 'examplesSeenAt', 'evaluateEvery', 'evaluatedAtExamples', 'stoppedBecause', 'runExamples', 'runSeconds'] as const) delete dataset[key];
      dataset['evaluations'] = dataset['epochs'] = '0';
      options = lastEpoch = lastEvaluation = undefined;
      evaluations = 0;
      charts.reset(true);
      targets.clear();
      samples.hidden = true;
      progress.value = 0;
      speed.textContent = '';
      evaluation.textContent = '';
      result.stopping = false;
      state.textContent = 'Starting the worker…';
    },
    show: (message) => {
      switch (message.type) {
        case 'started': {
          options = message.options;
          const skipped = message.backend.skipped.map((entry) => entry.name).join(', ');
          trainBackend.textContent = `Backend: ${message.backend.name}${skipped ? ` (skipped ${skipped})` : ''}. ${message.parameters.toLocaleString('en')} weights.`;
          showThreads(message.threads, !message.trainsOnThreads);
          state.textContent = `Training epoch 1 of ${options.epochs}…`;
          dataset['evaluateEvery'] = String(options.evaluateEvery ?? 'epoch');
          evaluation.textContent =
            options.evaluateEvery === undefined
              ? `Validation on ${examples(message.validationSize)} questions after each epoch.`
              : `Validation on ${examples(message.validationSize)} questions every ${examples(options.evaluateEvery)} examples and after each epoch.`;
          targets.start(options, message.validationSize);
          break;
        }
        case 'batch': {
          const { log } = message;
          progress.value = log.batch / log.batchesPerEpoch;
          showSpeed(log.samplesPerSecond, ` Batch loss ${log.loss.toFixed(3)} (moving average ${message.smoothedLoss.toFixed(3)}).`);
          dataset['examplesSeen'] = String(log.examplesSeen);
          dataset['examplesSeenAt'] = String(performance.now());
          charts.addBatchLoss(log.examplesSeen, message.smoothedLoss);
          if (!result.stopping) state.textContent = `Training epoch ${log.epoch} of ${options?.epochs ?? '?'}…`;
          break;
        }
        case 'evaluation': {
          const { log } = message;
          lastEvaluation = log;
          evaluations += 1;
          dataset['evaluations'] = String(evaluations);
          dataset['evaluatedAtExamples'] = String(log.examplesSeen);
          charts.addEvaluation(log);
          targets.evaluation(log);
          evaluation.textContent =
            `Validation at ${examples(log.examplesSeen)} examples (epoch ${log.epoch}, ${formatElapsed(log.elapsedSeconds)}): whole-answer accuracy ${percent(log.validation.exactMatch)}, ` +
            `per character ${percent(log.validation.charAccuracy)}, loss ${log.validation.loss.toFixed(3)}.`;
          break;
        }
        case 'epoch': {
          const { log } = message;
          lastEpoch = log;
          dataset['epochs'] = String(log.epoch);
          charts.addEpoch(log);
          drawSamples(log);
          showSpeed(log.samplesPerSecond);
          state.textContent = `Epoch ${log.epoch} of ${log.epochs}: validation whole-answer accuracy ${percent(log.validation.exactMatch)}, per character ${percent(log.validation.charAccuracy)}.`;
          break;
        }
      }
    },
    setState: (text) => {
      state.textContent = text;
    },
    end: (done) => {
      const accuracy = lastEvaluation?.validation.exactMatch ?? lastEpoch?.validation.exactMatch;
      // Stopped between epoch ends (a target, Stop): the examples beyond the completed epochs.
      const epochExamples = options ? Math.ceil(options.examplesPerEpoch / options.batchSize) * options.batchSize : Number.POSITIVE_INFINITY;
      const when =
        done.examplesSeen > done.epochs * epochExamples ? `in epoch ${done.epochs + 1}` : `after ${done.epochs} epoch${done.epochs === 1 ? '' : 's'}`;
      state.textContent =
        `Training ${reasons[done.stoppedBecause]} ${when} ` +
        `(${examples(done.examplesSeen)} examples, ${formatElapsed(done.elapsedSeconds)})` +
        (accuracy === undefined ? '.' : `: validation whole-answer accuracy ${percent(accuracy)}.`);
      targets.end(done.stoppedBecause);
      dataset['stoppedBecause'] = done.stoppedBecause;
      dataset['runExamples'] = String(done.examplesSeen);
      dataset['runSeconds'] = String(done.elapsedSeconds);
      if (done.stoppedBecause !== 'aborted') progress.value = 1;
    },
  };
  return result;
}
