import { ACCURACY_TARGETS, questionsToClaim, type EvaluationLog, type ResolvedTrainOptions, type StopReason, type TargetReport } from '@addrnn/trainer';
import { element } from './dom.js';

/** "97 %", "99.9 %". */
export function targetText(accuracy: number): string {
  return `${Number((accuracy * 100).toFixed(2))} %`;
}

/** "41 s", "6 min 57 s", "1 h 02 min": a run's training time. */
export function formatElapsed(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const count = (value: number) => value.toLocaleString('en');

/**
 * The accuracy targets of a run as it reaches them: the trainer's targets (97 %, 99 %, 99.9 % of
 * the held-out validation questions answered entirely right, `ACCURACY_TARGETS`; the worker adds
 * the run's stop target when it is another) with the examples seen and the training time when
 * first passed, from the trainer's `TargetReport`s. A target the validation set is too small to
 * claim says so. A live region: each report is announced as it comes. Each row carries its
 * figures as data attributes (`data-accuracy`, `data-state`, `data-stop` on the stop target,
 * `data-examples`, `data-elapsed-seconds`, `data-page-ms`: the page's clock when it showed) for
 * the tests and `bench/web-train.mjs`.
 */
export interface TargetReports {
  element: HTMLElement;
  /** A new run: the rows for its targets, none reached. */
  start(options: ResolvedTrainOptions, validationSize: number): void;
  evaluation(log: EvaluationLog): void;
  /** The run ended: targets not reached say so. */
  end(stoppedBecause: StopReason): void;
  /** No run yet (or a new one starting): no rows. */
  clear(): void;
}

export function createTargetReports(): TargetReports {
  const list = element('ul', { id: 'train-target-list', class: 'targets' });
  const root = element(
    'div',
    { id: 'train-targets', 'aria-live': 'polite', 'aria-labelledby': 'train-targets-heading' },
    element('h3', { id: 'train-targets-heading' }, 'Targets'),
    list,
  );
  root.hidden = true;
  const rows = new Map<number, HTMLLIElement>();
  let stopTarget: number | undefined;

  const row = (accuracy: number, text: string, state: string) => {
    const item = element('li', { 'data-accuracy': accuracy, 'data-state': state }, text);
    list.append(item);
    return item;
  };
  const fill = (item: HTMLLIElement, report: TargetReport, prefix: string) => {
    item.textContent =
      `${prefix}: reached after ${count(report.examplesSeen)} examples, ${formatElapsed(report.elapsedSeconds)} of training ` +
      `(${targetText(report.exactMatch)} of ${count(report.validationSize)} validation questions right).`;
    item.dataset['state'] = 'reached';
    item.dataset['examples'] = String(report.examplesSeen);
    item.dataset['elapsedSeconds'] = String(report.elapsedSeconds);
    item.dataset['pageMs'] = String(performance.now());
  };
  const label = (accuracy: number) => `${targetText(accuracy)}${accuracy === stopTarget ? ' (the stop target)' : ''}`;

  return {
    element: root,
    clear: () => {
      list.replaceChildren();
      rows.clear();
      root.hidden = true;
    },
    start: (options, validationSize) => {
      stopTarget = options.targetAccuracy;
      for (const accuracy of options.accuracyTargets ?? ACCURACY_TARGETS) {
        const needed = questionsToClaim(accuracy);
        rows.set(
          accuracy,
          validationSize < needed
            ? row(accuracy, `${label(accuracy)}: not claimed on ${count(validationSize)} validation questions (it needs ${count(needed)}, to allow 10 wrong answers).`, 'unclaimable')
            : row(accuracy, `${label(accuracy)}: not reached yet.`, 'pending'),
        );
      }
      if (stopTarget !== undefined) rows.get(stopTarget)?.setAttribute('data-stop', 'true');
      root.hidden = false;
    },
    evaluation: (log) => {
      for (const report of log.targetsReached) {
        const item = rows.get(report.accuracy);
        if (item) fill(item, report, label(report.accuracy));
      }
    },
    end: (stoppedBecause) => {
      for (const item of list.children as HTMLCollectionOf<HTMLLIElement>) {
        if (item.dataset['state'] !== 'pending') continue;
        item.dataset['state'] = 'missed';
        item.textContent = item.textContent!.replace('not reached yet.', stoppedBecause === 'aborted' ? 'not reached before the stop.' : 'not reached.');
      }
    },
  };
}
