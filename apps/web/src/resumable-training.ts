import { CheckpointError, train, type TrainOptions, type TrainResult } from '@addrnn/trainer';
import type { StoredRunStart } from './run-start.js';
import { isRecorded, openStoredRun, readStoredRun, replayMessages, type RecordedMessage } from './stored-run.js';
import type { FromWorker, TrainRequest } from './worker-protocol.js';

/** One run trains from the stored run at a time, across the tabs of this app. */
const runLockName = 'addrnn-train-tab-run';
/** How long a start waits for that lock: a reloaded tab's previous worker lets go of it as it is torn down. */
const lockWaitMilliseconds = 5000;

/** The progress messages of the run under way, as posted; what the next checkpoint keeps. */
let recording: RecordedMessage[] | undefined;

/** Called with every message the worker posts: the charts' messages are kept for the next checkpoint. */
export function recordProgress(message: FromWorker): void {
  if (recording !== undefined && isRecorded(message)) recording.push(message);
}

/**
 * `train` with the run kept in IndexedDB (`stored-run.ts`): checkpoints at the trainer's
 * interval (or `start.checkpointInterval`), each with the request and the charts' messages so
 * far. A new run replaces the stored one; `start.resume` continues it instead, with the
 * trainer's resume semantics (every option from the checkpoint: only the backend, the signal and
 * the callbacks of `options` apply), and posts the stored messages after 'started' so that the
 * page redraws the charts. A run that ends other than by a stop is deleted from the store: the
 * page has its model.
 */
export async function trainResumable(
  request: TrainRequest,
  start: StoredRunStart | undefined,
  post: (message: FromWorker) => void,
  options: TrainOptions,
): Promise<TrainResult> {
  const messages: RecordedMessage[] = [];
  // put() copies the value at once: each checkpoint keeps the messages posted before it.
  const store = openStoredRun(() => ({ format: 'addrnn-web-run', version: 1, request, messages }));
  const resume = start?.resume === true;
  // Without IndexedDB (a browser that offers none, or refuses it here) a new run trains as before, without checkpoints.
  if (!resume && !(await store.exists().then(() => true, () => false))) return train(options);
  const interval = start?.checkpointInterval === undefined ? {} : { checkpointInterval: start.checkpointInterval };
  return holdingRunLock(async () => {
    let replay: RecordedMessage[] = [];
    if (resume) {
      const stored = await readStoredRun(store);
      if (stored === undefined) throw new CheckpointError(`cannot resume: ${store.describe()} holds no run (it was discarded or finished)`);
      if (!stored.resumable) throw new CheckpointError(`cannot resume the run in ${store.describe()}: ${stored.reason}`);
      replay = replayMessages(stored);
    }
    const callbacks: TrainOptions['callbacks'] = {
      ...options.callbacks,
      onStart: (info) => {
        options.callbacks?.onStart?.(info);
        for (const message of replay) post(message);
      },
    };
    const trainOptions: TrainOptions = resume
      ? {
          ...(options.backend === undefined ? {} : { backend: options.backend }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          callbacks,
          checkpointStore: store,
          resume: true,
          ...interval,
        }
      : { ...options, callbacks, checkpointStore: store, overwrite: true, ...interval };
    recording = messages;
    try {
      const result = await train(trainOptions);
      if (result.stoppedBecause !== 'aborted') await store.discard();
      return result;
    } finally {
      recording = undefined;
    }
  });
}

/** Runs `work` holding the run's Web Lock (where the browser has Web Locks). */
async function holdingRunLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks === undefined) return work();
  let entered = false;
  try {
    return await locks.request(runLockName, { signal: AbortSignal.timeout(lockWaitMilliseconds) }, () => {
      entered = true;
      return work();
    });
  } catch (error) {
    if (entered) throw error;
    throw new CheckpointError(
      `the run stored in this browser is training in another tab of this page (its lock "${runLockName}" was held for ${lockWaitMilliseconds / 1000} s); stop it there or close that tab, then try again`,
      { cause: error },
    );
  }
}
