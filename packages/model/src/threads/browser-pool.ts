// Browser training threads: Web Workers that run the kernel on shards of each batch, through
// SharedArrayBuffers and Atomics like the Node.js worker threads (worker-pool.ts). It
// needs a cross-origin isolated page (SharedArrayBuffer) and a calling thread that may block
// (a Web Worker: Atomics.wait is not allowed on a page's main thread).
import { ShardHandoff } from './handoff.js';
import { CONTROL_SLOTS, ERROR_BYTES, type Mode, type ShardBuffers, type SharedShare } from './protocol.js';
import { BROWSER_WORKER_SOURCE } from './browser-worker.generated.js';
import type { BrowserWorkerInit } from './browser-worker.js';
import type { ShardWorker } from './shards.js';
import type { EncoderDecoderDescription } from '../kernel/model-description.js';

interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onerror: ((event: { message?: string; filename?: string; lineno?: number }) => void) | null;
}
type WebWorkerConstructor = new (url: string, options?: { name?: string }) => WebWorker;

/** Why this browser context cannot run training threads, or undefined when it can. */
export function browserThreadsUnavailable(): string | undefined {
  const scope = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; document?: unknown; WorkerGlobalScope?: unknown };
  if (scope.crossOriginIsolated !== true || typeof SharedArrayBuffer !== 'function') {
    return 'the page is not cross-origin isolated (it needs Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), so SharedArrayBuffer is unavailable';
  }
  if (scope.WorkerGlobalScope === undefined || scope.document !== undefined) {
    return "training threads block while they wait for each other, which a page's main thread may not do; train in a Web Worker";
  }
  if (typeof scope.Worker !== 'function') return 'this browser cannot start Web Workers from a Web Worker';
  return undefined;
}

class BrowserShardWorker implements ShardWorker {
  readonly #handoff: ShardHandoff;
  readonly #worker: WebWorker;

  constructor(worker: WebWorker, init: BrowserWorkerInit, label: string) {
    this.#worker = worker;
    this.#handoff = new ShardHandoff(init.control, init.errorText, init.buffers, label);
    worker.onerror = (event) => this.#handoff.markFailed(`${event.message ?? 'error'}${event.filename ? ` (${event.filename}:${event.lineno ?? 0})` : ''}`);
    worker.postMessage(init);
  }

  get buffers(): ShardBuffers {
    return this.#handoff.buffers;
  }

  /** Polls without blocking (the worker's error event must be able to arrive) until it is ready. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#handoff.isReady() && Date.now() <= deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    this.#handoff.checkStarted(timeoutMs);
  }

  replaceBuffers(buffers: ShardBuffers): void {
    this.#worker.postMessage({ type: 'buffers', buffers });
    this.#handoff.replaceBuffers(buffers);
  }

  request(size: number, mode?: Mode): void {
    this.#handoff.request(size, mode);
  }

  finish(timeoutMs: number): void {
    this.#handoff.finish(timeoutMs);
  }

  stop(): void {
    this.#handoff.signalStop();
    this.#worker.terminate();
  }
}

export interface BrowserPool {
  workers: readonly ShardWorker[];
  dispose(): Promise<void>;
}

/** Starts `count` Web Workers on the compiled kernel module; resolves with the pool, or why not. */
export async function startBrowserPool(options: {
  module: WebAssembly.Module;
  count: number;
  description: EncoderDecoderDescription;
  buffers: () => ShardBuffers;
  microBatchSize: number;
  startTimeoutMs: number;
  /** Worker k's share of the memory every thread's kernel shares (then `module` is the kernel's shared build). */
  shared?: readonly SharedShare[];
}): Promise<{ pool: BrowserPool; failure?: undefined } | { pool?: undefined; failure: string }> {
  const unavailable = browserThreadsUnavailable();
  if (unavailable !== undefined) return { failure: unavailable };
  const WorkerClass = (globalThis as unknown as { Worker: WebWorkerConstructor }).Worker;
  const url = URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
  const workers: BrowserShardWorker[] = [];
  const dispose = async () => workers.forEach((worker) => worker.stop());
  try {
    for (let i = 0; i < options.count; i += 1) {
      const init: BrowserWorkerInit = {
        type: 'init',
        module: options.module,
        control: new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT),
        errorText: new SharedArrayBuffer(ERROR_BYTES),
        description: options.description,
        buffers: options.buffers(),
        microBatchSize: options.microBatchSize,
        ...(options.shared ? { shared: options.shared[i]! } : {}),
      };
      workers.push(new BrowserShardWorker(new WorkerClass(url, { name: `addrnn kernel ${i + 1}` }), init, `kernel worker ${i + 1}`));
    }
    await Promise.all(workers.map((worker) => worker.ready(options.startTimeoutMs)));
  } catch (error) {
    await dispose();
    return { failure: error instanceof Error ? error.message : String(error) };
  } finally {
    URL.revokeObjectURL(url);
  }
  return { pool: { workers, dispose } };
}
