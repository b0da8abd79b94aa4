import type * as tf from '@tensorflow/tfjs';
import { MODEL_FILE, UnreadableFileError, WEIGHTS_FILE } from '@addrnn/model/internal';
import { CheckpointError, type CheckpointName, type CheckpointStore } from '@addrnn/trainer';
import { deleteKeys, fileKey, filesOf, openCheckpointDatabase, readValue, runFiles, stores, transactionDone } from './indexeddb-requests.js';

/** Where a run's checkpoints go in IndexedDB. */
export interface IndexedDbCheckpointStoreOptions {
  /** The run's name: one database holds any number of runs, each its own store. */
  run: string;
  /** @default 'addrnn-runs' */
  database?: string;
  /**
   * A value the app keeps with `latest` (the web app: its request and the charts' history),
   * asked for at each write of `latest` and written in the same transaction, so that it always
   * describes the checkpoint beside it. Anything structured clone copies.
   */
  companion?: () => unknown;
  /** @default globalThis.indexedDB */
  indexedDB?: IDBFactory;
}

/** A CheckpointStore on IndexedDB, with the companion value and a way to delete the whole run. */
export interface IndexedDbCheckpointStore extends CheckpointStore {
  readonly database: string;
  readonly run: string;
  /** The companion value written with the current `latest`; undefined when there is none. */
  readCompanion(): Promise<unknown>;
  /** Deletes the run: its checkpoints, its companion and its record, in one transaction. */
  discard(): Promise<void>;
}

export const defaultCheckpointDatabase = 'addrnn-runs';

/**
 * The checkpoints of one run in IndexedDB, laid out as the Node.js store lays them out on disk:
 * `latest` and `best`, each `model.json` (a manifest naming `weights.bin`) and `weights.bin`,
 * with `latest` also holding `optimizer.bin` and `trainer-state.json`. Each file is one record of
 * the database's `files` object store, keyed `[run, checkpoint, file]`.
 *
 * `write` replaces a checkpoint in one readwrite transaction (the old files deleted, the new
 * ones put, the companion with them): IndexedDB commits a transaction whole or not at all, so a
 * tab closed or crashed in the middle, or a write that fails part way, leaves the previous
 * checkpoint as it was. `recover` therefore has nothing to repair.
 */
export function createIndexedDbCheckpointStore(options: IndexedDbCheckpointStoreOptions): IndexedDbCheckpointStore {
  const { run, companion } = options;
  const database = options.database ?? defaultCheckpointDatabase;
  const factory = options.indexedDB ?? globalThis.indexedDB;
  if (typeof run !== 'string' || run === '') throw new CheckpointError(`an IndexedDB checkpoint store needs a run name (a non-empty string), got ${JSON.stringify(run)}`);
  const describe = (name?: CheckpointName, file?: string) => ['indexeddb:/', database, run, ...(name === undefined ? [] : [name]), ...(file === undefined ? [] : [file])].join('/');

  /** Runs `work` in one transaction over `names` and resolves once it commits; the database is closed after. */
  async function transact<T>(names: readonly string[], mode: IDBTransactionMode, what: string, work: (transaction: IDBTransaction) => T): Promise<T> {
    let db: IDBDatabase;
    try {
      db = await openCheckpointDatabase(factory, database);
    } catch (error) {
      throw new CheckpointError(`cannot ${what}: the IndexedDB database "${database}" cannot be opened (${messageOf(error)})`, { cause: error });
    }
    try {
      const transaction = db.transaction([...names], mode);
      const done = transactionDone(transaction);
      let result: T;
      try {
        result = work(transaction);
      } catch (error) {
        // Nothing of this transaction is kept: the previous checkpoint stays as it was.
        transaction.abort();
        await done.catch(() => undefined);
        if (CheckpointError.isInstance(error)) throw error;
        throw new CheckpointError(`cannot ${what}: ${messageOf(error)}`, { cause: error });
      }
      try {
        await done;
      } catch (error) {
        throw new CheckpointError(`cannot ${what}: IndexedDB aborted the transaction (${messageOf(error)})`, { cause: error });
      }
      return result;
    } finally {
      db.close();
    }
  }

  const readFile = async (name: CheckpointName, file: string): Promise<Uint8Array | undefined> =>
    readValue(await transact([stores.files], 'readonly', `read ${describe(name, file)}`, (transaction) => transaction.objectStore(stores.files).get(fileKey(run, name, file)))) as
      | Uint8Array
      | undefined;

  return {
    database,
    run,
    describe,

    recover: async () => [],

    exists: async () =>
      readValue(await transact([stores.runs], 'readonly', `read ${describe()}`, (transaction) => transaction.objectStore(stores.runs).getKey(run))) !== undefined,

    async list() {
      const keys = readValue(
        await transact([stores.files], 'readonly', `list ${describe()}`, (transaction) => transaction.objectStore(stores.files).getAllKeys(runFiles(run))),
      );
      const held = new Set(keys.map((key) => (key as string[])[1]));
      return (['latest', 'best'] as const).filter((name) => held.has(name));
    },

    async create() {
      await transact([stores.runs], 'readwrite', `create ${describe()}`, (transaction) => transaction.objectStore(stores.runs).put({ run }, run));
    },

    async write(name, contents) {
      // Everything is ready before the transaction opens: IndexedDB commits a transaction as soon
      // as it has no request pending at the end of a task, so nothing is awaited inside it.
      const model = modelFiles(contents.model);
      await transact([stores.runs, stores.files, stores.companions], 'readwrite', `write ${describe(name)}`, (transaction) => {
        const files = transaction.objectStore(stores.files);
        files.delete(filesOf(run, name));
        files.put(model.weights, fileKey(run, name, WEIGHTS_FILE));
        files.put(model.json, fileKey(run, name, MODEL_FILE));
        for (const [file, data] of contents.files) files.put(bytesOf(data, describe(name, file)), fileKey(run, name, file));
        if (name === 'latest' && companion !== undefined) transaction.objectStore(stores.companions).put(companion(), run);
        transaction.objectStore(stores.runs).put({ run }, run);
      });
    },

    async read(name, file, maxBytes) {
      const bytes = await readFile(name, file);
      if (bytes !== undefined && bytes.byteLength > maxBytes) {
        throw new UnreadableFileError(describe(name, file), `is larger than ${maxBytes} bytes (${bytes.byteLength})`);
      }
      return bytes;
    },

    modelSource: (name) => ({
      load: async () => {
        const [json, weights] = await Promise.all([readFile(name, MODEL_FILE), readFile(name, WEIGHTS_FILE)]);
        if (json === undefined || weights === undefined) throw new CheckpointError(`${describe(name)} holds no model (no ${json === undefined ? MODEL_FILE : WEIGHTS_FILE})`);
        return modelArtifacts(JSON.parse(new TextDecoder().decode(json)) as tf.io.ModelJSON, weights);
      },
    }),

    async remove(names) {
      await transact([stores.files, stores.companions], 'readwrite', `remove ${names.join(', ')} from ${describe()}`, (transaction) => {
        for (const name of names) transaction.objectStore(stores.files).delete(filesOf(run, name));
        if (names.includes('latest')) transaction.objectStore(stores.companions).delete(run);
      });
    },

    readCompanion: async () =>
      readValue(await transact([stores.companions], 'readonly', `read the companion of ${describe('latest')}`, (transaction) => transaction.objectStore(stores.companions).get(run))),

    async discard() {
      await transact([stores.runs, stores.files, stores.companions], 'readwrite', `discard ${describe()}`, (transaction) => deleteKeys(transaction, run));
    },
  };
}

/** `model.json` (as the model's writeModelFiles writes it) and `weights.bin`, as bytes. */
function modelFiles(artifacts: tf.io.ModelArtifacts): { json: Uint8Array; weights: Uint8Array } {
  const { weightData } = artifacts;
  const buffers = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
  const weights = new Uint8Array(buffers.reduce((total, buffer) => total + buffer.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) {
    weights.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  const json = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    userDefinedMetadata: artifacts.userDefinedMetadata,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  };
  return { json: new TextEncoder().encode(JSON.stringify(json)), weights };
}

/** What `loadModel` takes back: the fields `modelFiles` wrote, the weights as one buffer. */
function modelArtifacts(json: tf.io.ModelJSON, weights: Uint8Array): tf.io.ModelArtifacts {
  const copy = weights.slice();
  return {
    modelTopology: json.modelTopology,
    ...(json.format === undefined ? {} : { format: json.format }),
    ...(json.generatedBy === undefined ? {} : { generatedBy: json.generatedBy }),
    ...(json.convertedBy === undefined || json.convertedBy === null ? {} : { convertedBy: json.convertedBy }),
    ...(json.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: json.userDefinedMetadata }),
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: copy.buffer,
  };
}

/**
 * A file's bytes, copied: a view keeps only its own bytes (structured clone would copy the
 * whole buffer under it, as `optimizer.bin`'s Float32Array view has).
 */
function bytesOf(data: Uint8Array | string, where: string): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data.slice();
  throw new CheckpointError(`cannot write ${where}: a checkpoint file must be a string or a Uint8Array, got ${describeValue(data)}`);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error || error instanceof DOMException ? `${error.name}: ${error.message}` : String(error);
}
