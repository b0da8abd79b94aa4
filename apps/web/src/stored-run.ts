import type { EpochLog } from '@addrnn/trainer';
import { createIndexedDbCheckpointStore, type IndexedDbCheckpointStore } from './indexeddb-checkpoint-store.js';
import type { FromWorker, TrainRequest } from './worker-protocol.js';

/**
 * The Train tab keeps one run in IndexedDB: the one training, or the last one that did not
 * finish (the tab was reloaded, closed or crashed, or Stop was pressed). A new run replaces it.
 */
export const storedRunName = 'train-tab';

/** The progress messages the charts are drawn from, kept with each checkpoint to redraw them after a resume. */
export type RecordedMessage = Extract<FromWorker, { type: 'batch' | 'evaluation' | 'epoch' }>;

/** What the app keeps beside the run's `latest` checkpoint, written in the same transaction. */
export interface StoredRunCompanion {
  format: 'addrnn-web-run';
  version: 1;
  /** The Train form's request that started the run. */
  request: TrainRequest;
  /** Every progress message posted before the checkpoint was written, in order. */
  messages: RecordedMessage[];
}

/** Where the stored run stands, from its `latest` checkpoint's trainer state. */
export interface StoredRunProgress {
  /** Completed epochs, of `epochs`. */
  epoch: number;
  epochs: number;
  examplesSeen: number;
  /** The run's budget: `epochs * examplesPerEpoch`. */
  examples: number;
  digits: number | undefined;
  /** When the checkpoint was written (ISO 8601). */
  savedAt: string;
  /** The log of every completed epoch. */
  history: EpochLog[];
}

export type StoredRun =
  | { resumable: true; request: TrainRequest; messages: RecordedMessage[]; progress: StoredRunProgress }
  /** A run stored by another version of the app, or damaged: it can only be discarded. */
  | { resumable: false; reason: string };

/** trainer-state.json is read whole; the trainer's own limit is as large. */
const maxStateBytes = 64 * 1024 * 1024;

/** The Train tab's run store; `companion` (the worker's) is written with each `latest`. */
export function openStoredRun(companion?: () => StoredRunCompanion): IndexedDbCheckpointStore {
  return createIndexedDbCheckpointStore({ run: storedRunName, ...(companion === undefined ? {} : { companion }) });
}

/** The stored run, if its `latest` checkpoint exists. */
export async function readStoredRun(store: IndexedDbCheckpointStore): Promise<StoredRun | undefined> {
  if (!(await store.list()).includes('latest')) return undefined;
  const [bytes, companion] = await Promise.all([store.read('latest', 'trainer-state.json', maxStateBytes), store.readCompanion()]);
  if (!isCompanion(companion)) return { resumable: false, reason: 'it was saved by another version of this page' };
  let state: Record<string, unknown>;
  try {
    state = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return { resumable: false, reason: `${store.describe('latest', 'trainer-state.json')} is not valid JSON` };
  }
  const options = (state['options'] ?? {}) as { epochs?: number; examplesPerEpoch?: number; task?: { digits?: number } };
  const number = (value: unknown) => (typeof value === 'number' ? value : Number.NaN);
  return {
    resumable: true,
    request: companion.request,
    messages: companion.messages,
    progress: {
      epoch: number(state['epoch']),
      epochs: number(options.epochs),
      examplesSeen: number(state['examplesSeen']),
      examples: number(options.epochs) * number(options.examplesPerEpoch),
      digits: options.task?.digits,
      savedAt: String(state['savedAt']),
      history: Array.isArray(state['history']) ? (state['history'] as EpochLog[]) : [],
    },
  };
}

/**
 * The messages that redraw the charts of a resumed run as they were at its checkpoint: those
 * posted before it was written, then the epoch logs of the trainer state that came after
 * (`latest` is written at an epoch's end before that epoch's message is posted).
 */
export function replayMessages(run: Extract<StoredRun, { resumable: true }>): RecordedMessage[] {
  const posted = run.messages.reduce((last, message) => (message.type === 'epoch' ? Math.max(last, message.log.epoch) : last), 0);
  const epochs = run.progress.history.filter((log) => log.epoch > posted).map((log): RecordedMessage => ({ type: 'epoch', log }));
  return [...run.messages, ...epochs];
}

export function isRecorded(message: FromWorker): message is RecordedMessage {
  return message.type === 'batch' || message.type === 'evaluation' || message.type === 'epoch';
}

function isCompanion(value: unknown): value is StoredRunCompanion {
  const companion = value as Partial<StoredRunCompanion> | undefined;
  return (
    typeof companion === 'object' &&
    companion !== null &&
    companion.format === 'addrnn-web-run' &&
    companion.version === 1 &&
    typeof companion.request === 'object' &&
    Array.isArray(companion.messages)
  );
}
