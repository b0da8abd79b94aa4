// The gradient workers of the parallel training step: spawning, readiness, the request/done
// hand-off through shared memory, failure text and shutdown. Nothing here knows about tensors.
import type { MessagePort, Worker } from 'node:worker_threads';
import { loadFs, loadUrl, loadWorkerThreads } from '#platform';
import { ShardHandoff } from './handoff.js';
import { CONTROL_SLOTS, ERROR_BYTES, Slot, type Mode, type ShardBuffers, type WorkerData } from './protocol.js';

/** What each worker receives besides its control array, error text and port, which the pool adds. */
export type WorkerSetup = Omit<WorkerData, 'control' | 'errorText' | 'port'>;

export interface WorkerPoolOptions {
  /** The built worker entry (`parallel-worker.js`). */
  url: URL;
  /** One setup per worker. */
  setups: WorkerSetup[];
  /** How long to wait for every worker to start, in ms. */
  startTimeoutMs: number;
}

/** Either a pool whose workers all started, or why they could not. */
export type WorkerPoolStart = { pool: WorkerPool; failure?: undefined } | { pool?: undefined; failure: string };

// Module names in variables keep bundlers from resolving them for the browser.

// ES2022's lib has no Atomics.waitAsync; Node.js has had it since 16.
type WaitAsync = (array: Int32Array, index: number, value: number, timeout?: number) =>
  { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** How long `dispose` waits for a worker to stop by itself before terminating it, in ms. */
const STOP_GRACE_MS = 5_000;

/** Where the built worker lives: next to this module in dist, or in dist when running from source. */
export function defaultWorkerUrl(): URL {
  // tsup's shim gives the CommonJS build an import.meta.url too.
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/parallel-worker.js', here) : new URL('./parallel-worker.js', here);
}

/** One gradient worker and the shared memory it answers through. */
export class GradientWorker {
  readonly #handoff: ShardHandoff;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #exited: Promise<void>;
  #hasExited = false;
  #stopping = false;

  constructor(worker: Worker, data: WorkerData, port: MessagePort, label: string) {
    this.#worker = worker;
    this.#handoff = new ShardHandoff(data.control, data.errorText, data.buffers, label);
    this.#port = port;
    // Listening from the moment of spawning: an `error` without a listener would be thrown on
    // this thread, and an `exit` missed here would leave a waiting step or dispose hanging.
    worker.on('error', (error: unknown) => this.#handoff.markFailed(describe(error)));
    this.#exited = new Promise<void>((resolve) => {
      worker.once('exit', (code: number) => {
        this.#hasExited = true;
        if (!this.#stopping) this.#handoff.markFailed(`it exited with code ${code}`);
        resolve();
      });
    });
  }

  /** The buffers the worker reads its shard from and writes its gradients to. */
  get buffers(): ShardBuffers {
    return this.#handoff.buffers;
  }

  /** Why the worker failed, or undefined while it is healthy. */
  failure(): string | undefined {
    return this.#handoff.failure();
  }

  /** Resolves once the worker has started its backend; throws GradientWorkerError if it failed, exited or timed out. */
  async ready(timeoutMs: number): Promise<void> {
    const waiting = waitAsync(this.#handoff.control, Slot.ready, 0, timeoutMs);
    if (waiting.async) await waiting.value;
    this.#handoff.checkStarted(timeoutMs);
    // Referenced while starting, so Node.js waits for it; an idle step does not keep Node.js running.
    this.#worker.unref();
  }

  /** Hands the worker bigger buffers; it picks them up with its next request. */
  replaceBuffers(buffers: ShardBuffers): void {
    this.#port.postMessage({ buffers });
    this.#handoff.replaceBuffers(buffers);
  }

  /** Asks the worker to compute a shard of `size` examples, already written to its buffers (gradients unless `mode` says otherwise). */
  request(size: number, mode?: Mode): void {
    this.#handoff.request(size, mode);
  }

  /**
   * Blocks until the worker has finished the last request; throws GradientWorkerError when it
   * failed or exited (the worker flags both itself, so this wakes at once) or after `timeoutMs`.
   */
  finish(timeoutMs: number): void {
    this.#handoff.finish(timeoutMs);
  }

  /** Asks the worker to exit and resolves once it has; terminates it if it does not stop in time. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#port.close();
    if (this.#hasExited) return;
    // Unreferenced workers do not keep Node.js running; hold on until this one has exited.
    this.#worker.ref();
    this.#handoff.signalStop();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), STOP_GRACE_MS);
    });
    const outcome = await Promise.race([this.#exited, late]);
    clearTimeout(timer);
    // A worker busy in a long computation cannot see STOP; terminate resolves at once if it has exited.
    if (outcome === 'late') await this.#worker.terminate();
    await this.#exited;
  }

  /** Kills the thread at once (as a crash would, for tests); resolves once it has exited. */
  async kill(): Promise<void> {
    this.#port.close();
    await this.#worker.terminate();
    await this.#exited;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The started gradient workers of one parallel training step. */
export class WorkerPool {
  readonly workers: readonly GradientWorker[];
  #disposed: Promise<void> | undefined;

  constructor(workers: GradientWorker[]) {
    this.workers = workers;
  }

  /** Stops every worker; settles even when some have already exited. Calling it again returns the same promise. */
  dispose(): Promise<void> {
    this.#disposed ??= Promise.all(this.workers.map((worker) => worker.stop())).then(() => undefined);
    return this.#disposed;
  }
}

/**
 * Spawns one worker per setup and waits, without blocking this thread, until all have started.
 * Resolves with the reason instead of a pool when the worker file is missing or any worker
 * fails, exits or times out while starting; the workers already spawned are terminated.
 */
export async function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPoolStart> {
  const { url, setups, startTimeoutMs } = options;
  const missing = await missingFile(url);
  if (missing !== undefined) return { failure: missing };
  const { Worker: WorkerThread, MessageChannel } = await loadWorkerThreads();
  const workers: GradientWorker[] = [];
  const pool = new WorkerPool(workers);
  try {
    setups.forEach((setup, i) => {
      const { port1, port2 } = new MessageChannel();
      const data: WorkerData = {
        ...setup,
        control: new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT),
        errorText: new SharedArrayBuffer(ERROR_BYTES),
        port: port2,
      };
      const worker = new WorkerThread(url, { workerData: data, transferList: [port2] });
      workers.push(new GradientWorker(worker, data, port1, `gradient worker ${i + 1} (${url.href})`));
    });
    await Promise.all(workers.map((worker) => worker.ready(startTimeoutMs)));
  } catch (error) {
    // Nothing of value runs in them yet, and a worker that never started cannot see STOP.
    await Promise.all(workers.map((worker) => worker.kill()));
    return { failure: error instanceof Error ? error.message : String(error) };
  }
  return { pool };
}

/** Why `url` cannot be a worker file, or undefined when it exists (only file: URLs are checked). */
async function missingFile(url: URL): Promise<string | undefined> {
  if (url.protocol !== 'file:') return undefined;
  const { existsSync } = await loadFs();
  const { fileURLToPath } = await loadUrl();
  const path = fileURLToPath(url);
  if (existsSync(path)) return undefined;
  return `the gradient worker file ${path} is missing (a bundle must ship parallel-worker.js next to the module that starts it; from source, build @addrnn/model first)`;
}
