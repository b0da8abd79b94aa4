import { element, messageOf } from './dom.js';
import { checkpointIntervalFromSearch, type StoredRunStart } from './run-start.js';
import { openStoredRun, readStoredRun, type StoredRun, type StoredRunProgress } from './stored-run.js';
import type { TrainRequest } from './worker-protocol.js';
import './resume-offer.css';

/** The Train tab's offer to resume or discard the run stored in this browser. */
export interface ResumeOffer {
  /** In page order: the banner (hidden while there is nothing to offer), then its live region. */
  elements: HTMLElement[];
  /**
   * What the form's submit starts: the stored run's request when Resume submitted it (undefined
   * otherwise: the form's), and what the worker is told about the store.
   */
  next(): { request?: TrainRequest; stored: StoredRunStart };
  /** A run is going (the banner hides) or ended (the store is read again and the banner shown if it holds a run). */
  setRunning(running: boolean): void;
}

const examples = (count: number) => count.toLocaleString('en');

function describeProgress(progress: StoredRunProgress): string {
  const task = progress.digits === undefined ? 'A training run' : `A ${progress.digits}-digit training run`;
  const saved = new Date(progress.savedAt);
  const when = Number.isNaN(saved.getTime()) ? '' : ` on ${saved.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })}`;
  return (
    `${task} did not finish: it was saved at ${examples(progress.examplesSeen)} of ${examples(progress.examples)} examples ` +
    `(${progress.epoch} of ${progress.epochs} epochs done)${when}.`
  );
}

/**
 * After a reload, a crash or a stop, the Train tab offers the stored run (`stored-run.ts`): a
 * banner with Resume and Discard, announced in a live region. Resume submits the form with the
 * stored request (`submit`); Discard deletes the run from IndexedDB.
 */
export function createResumeOffer(submit: () => void): ResumeOffer {
  const summary = element('p', { id: 'train-resume-summary' });
  const resume = element('button', { type: 'button', id: 'train-resume', 'aria-describedby': summary.id }, 'Resume run');
  const discard = element('button', { type: 'button', id: 'train-discard', class: 'secondary', 'aria-describedby': summary.id }, 'Discard run');
  const banner = element(
    'section',
    { id: 'train-resume-banner', class: 'resume-banner', 'aria-labelledby': 'train-resume-title', hidden: true },
    element('h3', { id: 'train-resume-title' }, 'Unfinished training run'),
    summary,
    element('div', { class: 'toolbar' }, resume, discard),
  );
  // Always in the page, so that what is written into it is announced.
  const status = element('p', { id: 'train-resume-status', class: 'meta', role: 'status', 'aria-live': 'polite' });

  let stored: StoredRun | undefined;
  let resuming: TrainRequest | undefined;
  let running = false;
  let generation = 0;
  let checkpointInterval: StoredRunStart['checkpointInterval'];
  try {
    checkpointInterval = checkpointIntervalFromSearch(location.search);
  } catch (error) {
    status.textContent = `${messageOf(error)}; checkpoints use the trainer's interval.`;
  }

  const show = (run: StoredRun | undefined) => {
    stored = run;
    // What the last read of the store found, for the browser tests: 'none', 'resumable' or 'unresumable'.
    banner.dataset['storedRun'] = run === undefined ? 'none' : run.resumable ? 'resumable' : 'unresumable';
    banner.hidden = run === undefined || running;
    if (run === undefined) return;
    resume.disabled = !run.resumable;
    summary.textContent = run.resumable
      ? `${describeProgress(run.progress)} Resume it from there, or discard it. Start begins a new run in its place.`
      : `A training run is stored in this browser, but it cannot be resumed: ${run.reason}. Discard it, or start a new run in its place.`;
    if (!running) status.textContent = summary.textContent;
  };

  const refresh = () => {
    const asked = (generation += 1);
    // A browser without IndexedDB keeps no run: nothing to offer.
    if (typeof indexedDB === 'undefined') return;
    readStoredRun(openStoredRun())
      .then((run) => {
        if (asked === generation) show(run);
      })
      .catch((error: unknown) => {
        if (asked !== generation) return;
        show(undefined);
        status.textContent = `The run stored in this browser cannot be read: ${messageOf(error)}`;
      });
  };

  resume.addEventListener('click', () => {
    if (stored?.resumable !== true) return;
    status.textContent = `Resuming the stored run from ${examples(stored.progress.examplesSeen)} examples…`;
    resuming = stored.request;
    try {
      submit();
    } finally {
      resuming = undefined;
    }
  });

  discard.addEventListener('click', () => {
    generation += 1;
    discard.disabled = resume.disabled = true;
    openStoredRun()
      .discard()
      .then(() => {
        show(undefined);
        status.textContent = 'Discarded the stored run.';
      })
      .catch((error: unknown) => (status.textContent = `Cannot discard the stored run: ${messageOf(error)}`))
      .finally(() => (discard.disabled = false));
  });

  refresh();
  return {
    elements: [banner, status],
    next: () => ({
      ...(resuming === undefined ? {} : { request: resuming }),
      stored: { resume: resuming !== undefined, ...(checkpointInterval === undefined ? {} : { checkpointInterval }) },
    }),
    setRunning: (value) => {
      running = value;
      if (running) {
        generation += 1;
        banner.hidden = true;
        // The progress line speaks for the run from here.
        status.textContent = '';
      } else refresh();
    },
  };
}
