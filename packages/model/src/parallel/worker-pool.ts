// The gradient workers of the parallel training step: spawning, readiness, the request/done
// hand-off through shared memory, failure text and shutdown. Nothing here knows about tensors.
import type { MessagePort, Worker } from 'node:worker_threads';
import { loadFs, loadUrl, loadWorkerThreads } from '#platform';
import { GradientWorkerError } from './errors.js';
import { CONTROL_SLOTS, ERROR_BYTES, Slot, STOP, type ShardBuffers, type WorkerData } from './protocol.js';

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
  #buffers: ShardBuffers;
  readonly #worker: Worker;
  readonly #control: Int32Array;
  readonly #errorText: Uint8Array;
  readonly #port: MessagePort;
  readonly #label: string;
  readonly #exited: Promise<void>;
  #hasExited = false;
  #stopping = false;
  #request = 0;
  #generation = 0;

  constructor(worker: Worker, data: WorkerData, port: MessagePort, label: string) {
    this.#worker = worker;
    this.#control = new Int32Array(data.control);
    this.#errorText = new Uint8Array(data.errorText);
    this.#port = port;
    this.#label = label;
    this.#buffers = data.buffers;
    // Listening from the moment of spawning: an `error` without a listener would be thrown on
    // this thread, and an `exit` missed here would leave a waiting step or dispose hanging.
    worker.on('error', (error: unknown) => this.#markFailed(describe(error)));
    this.#exited = new Promise<void>((resolve) => {
      worker.once('exit', (code: number) => {
        this.#hasExited = true;
        if (!this.#stopping) this.#markFailed(`it exited with code ${code}`);
        resolve();
      });
    });
  }

  /** The buffers the worker reads its shard from and writes its gradients to. */
  get buffers(): ShardBuffers {
    return this.#buffers;
  }

  /** Why the worker failed, or undefined while it is healthy. */
  failure(): string | undefined {
    if (Atomics.load(this.#control, Slot.status) === 0) return undefined;
    const end = this.#errorText.indexOf(0);
    return new TextDecoder().decode(this.#errorText.slice(0, end < 0 ? this.#errorText.length : end));
  }

  /** Resolves once the worker has started its backend; throws GradientWorkerError if it failed, exited or timed out. */
  async ready(timeoutMs: number): Promise<void> {
    const waiting = waitAsync(this.#control, Slot.ready, 0, timeoutMs);
    if (waiting.async) await waiting.value;
    const failure = this.failure();
    if (failure !== undefined) throw new GradientWorkerError(`${this.#label} failed to start: ${failure}`);
    if (Atomics.load(this.#control, Slot.ready) !== 1) {
      throw new GradientWorkerError(`${this.#label} did not start within ${timeoutMs} ms`);
    }
    // Referenced while starting, so Node.js waits for it; an idle step does not keep Node.js running.
    this.#worker.unref();
  }

  /** Hands the worker bigger buffers; it picks them up with its next request. */
  replaceBuffers(buffers: ShardBuffers): void {
    this.#buffers = buffers;
    this.#port.postMessage({ buffers });
    this.#generation += 1;
    Atomics.store(this.#control, Slot.generation, this.#generation);
  }

  /** Asks the worker to compute a shard of `size` examples, already written to its buffers. */
  request(size: number): void {
    this.#throwIfFailed();
    Atomics.store(this.#control, Slot.shard, size);
    this.#request += 1;
    Atomics.store(this.#control, Slot.request, this.#request);
    Atomics.notify(this.#control, Slot.request);
  }

  /**
   * Blocks until the worker has finished the last request; throws GradientWorkerError when it
   * failed or exited (the worker flags both itself, so this wakes at once) or after `timeoutMs`.
   */
  finish(timeoutMs: number): void {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.#throwIfFailed();
      const done = Atomics.load(this.#control, Slot.done);
      if (done === this.#request) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new GradientWorkerError(`${this.#label} did not finish request ${this.#request} within ${timeoutMs} ms`);
      Atomics.wait(this.#control, Slot.done, done, Math.min(left, 1000));
    }
  }

  /** Asks the worker to exit and resolves once it has; terminates it if it does not stop in time. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#port.close();
    if (this.#hasExited) return;
    // Unreferenced workers do not keep Node.js running; hold on until this one has exited.
    this.#worker.ref();
    Atomics.store(this.#control, Slot.request, STOP);
    Atomics.notify(this.#control, Slot.request);
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

  #throwIfFailed(): void {
    const failure = this.failure();
    if (failure !== undefined) throw new GradientWorkerError(`${this.#label} failed: ${failure}`);
  }

  /** Records the first failure only: the worker's own message is more precise than its exit code. */
  #markFailed(text: string): void {
    if (Atomics.load(this.#control, Slot.status) !== 0) return;
    this.#errorText.fill(0);
    this.#errorText.set(new TextEncoder().encode(text).slice(0, ERROR_BYTES - 1));
    Atomics.store(this.#control, Slot.status, 1);
    for (const slot of [Slot.ready, Slot.done]) Atomics.notify(this.#control, slot);
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
