// The IndexedDB layout of the checkpoint store (indexeddb-checkpoint-store.ts) and the few
// promise wrappers it needs around IndexedDB's events.

/** The database's object stores. */
export const stores = {
  /** One record per run, keyed by its name: that the run exists. */
  runs: 'runs',
  /** One record per checkpoint file, keyed `[run, checkpoint, file]`: the file's bytes. */
  files: 'files',
  /** The app's companion of a run's `latest`, keyed by the run's name. */
  companions: 'companions',
} as const;

const version = 1;

export function fileKey(run: string, checkpoint: string, file: string): string[] {
  return [run, checkpoint, file];
}

// Keys order arrays after strings, and a shorter array before its extensions, so
// `[a, b]`..`[a, b, []]` holds every `[a, b, <string>]`.

/** Every file of one checkpoint of `run`. */
export function filesOf(run: string, checkpoint: string): IDBKeyRange {
  return IDBKeyRange.bound([run, checkpoint], [run, checkpoint, []]);
}

/** Every file of every checkpoint of `run`. */
export function runFiles(run: string): IDBKeyRange {
  return IDBKeyRange.bound([run], [run, []]);
}

/** Deletes all that `run` holds, within `transaction` (readwrite, over every store). */
export function deleteKeys(transaction: IDBTransaction, run: string): void {
  transaction.objectStore(stores.files).delete(runFiles(run));
  transaction.objectStore(stores.companions).delete(run);
  transaction.objectStore(stores.runs).delete(run);
}

/** Opens (and on first use lays out) the database. */
export function openCheckpointDatabase(factory: IDBFactory | undefined, name: string): Promise<IDBDatabase> {
  if (factory === undefined) return Promise.reject(new Error('this browser has no IndexedDB'));
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const store of Object.values(stores)) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
    };
    request.onsuccess = () => {
      const db = request.result;
      // A newer layout opened elsewhere: let it upgrade rather than block it.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
  });
}

/** Resolves when `transaction` commits; rejects with its error when it aborts. */
export function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new DOMException('the transaction was aborted', 'AbortError'));
  });
}

/** A request's result, read after its transaction committed. */
export function readValue<T>(request: IDBRequest<T>): T {
  return request.result;
}
