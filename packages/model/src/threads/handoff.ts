// The main thread's side of the shared-memory hand-off with one shard worker (protocol.ts): a
// request counter, the done slot, the failure flag and text. Node.js worker threads
// (worker-pool.ts) and browser Web Workers (browser-pool.ts) both speak it.
import { GradientWorkerError } from './errors.js';
import { ERROR_BYTES, Mode, Slot, STOP, type ShardBuffers } from './protocol.js';

export class ShardHandoff {
  readonly control: Int32Array;
  readonly #errorText: Uint8Array;
  readonly #label: string;
  #buffers: ShardBuffers;
  #request = 0;
  #generation = 0;

  constructor(control: SharedArrayBuffer, errorText: SharedArrayBuffer, buffers: ShardBuffers, label: string) {
    this.control = new Int32Array(control);
    this.#errorText = new Uint8Array(errorText);
    this.#buffers = buffers;
    this.#label = label;
  }

  get label(): string {
    return this.#label;
  }

  /** The buffers the worker reads its shard from and writes its gradients to. */
  get buffers(): ShardBuffers {
    return this.#buffers;
  }

  /** Why the worker failed, or undefined while it is healthy. */
  failure(): string | undefined {
    if (Atomics.load(this.control, Slot.status) === 0) return undefined;
    const end = this.#errorText.indexOf(0);
    return new TextDecoder().decode(this.#errorText.slice(0, end < 0 ? this.#errorText.length : end));
  }

  /** Whether the worker said it is ready (or failed, which also sets the ready slot). */
  isReady(): boolean {
    return Atomics.load(this.control, Slot.ready) === 1;
  }

  /** Throws GradientWorkerError for a worker that failed or never became ready. */
  checkStarted(timeoutMs: number): void {
    const failure = this.failure();
    if (failure !== undefined) throw new GradientWorkerError(`${this.#label} failed to start: ${failure}`);
    if (!this.isReady()) throw new GradientWorkerError(`${this.#label} did not start within ${timeoutMs} ms`);
  }

  /** Records bigger buffers; the worker picks them up (sent by the caller) with its next request. */
  replaceBuffers(buffers: ShardBuffers): void {
    this.#buffers = buffers;
    this.#generation += 1;
    Atomics.store(this.control, Slot.generation, this.#generation);
  }

  /** Asks the worker to compute a shard of `size` examples, already written to its buffers: its gradients, or in `Mode.forward` the forward pass alone. */
  request(size: number, mode: Mode = Mode.gradients): void {
    this.#throwIfFailed();
    Atomics.store(this.control, Slot.shard, size);
    Atomics.store(this.control, Slot.mode, mode);
    this.#request += 1;
    Atomics.store(this.control, Slot.request, this.#request);
    Atomics.notify(this.control, Slot.request);
  }

  /**
   * Blocks until the worker has finished the last request; throws GradientWorkerError when it
   * failed or exited (flagged in shared memory, so this wakes at once) or after `timeoutMs`.
   */
  finish(timeoutMs: number): void {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.#throwIfFailed();
      const done = Atomics.load(this.control, Slot.done);
      if (done === this.#request) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new GradientWorkerError(`${this.#label} did not finish request ${this.#request} within ${timeoutMs} ms`);
      Atomics.wait(this.control, Slot.done, done, Math.min(left, 1000));
    }
  }

  /** Asks the worker's loop to end. */
  signalStop(): void {
    Atomics.store(this.control, Slot.request, STOP);
    Atomics.notify(this.control, Slot.request);
  }

  /** Records the first failure only (the worker's own message is more precise) and wakes any waiter. */
  markFailed(text: string): void {
    if (Atomics.load(this.control, Slot.status) !== 0) return;
    this.#errorText.fill(0);
    this.#errorText.set(new TextEncoder().encode(text).slice(0, ERROR_BYTES - 1));
    Atomics.store(this.control, Slot.status, 1);
    Atomics.store(this.control, Slot.ready, 1);
    for (const slot of [Slot.ready, Slot.done]) Atomics.notify(this.control, slot);
  }

  #throwIfFailed(): void {
    const failure = this.failure();
    if (failure !== undefined) throw new GradientWorkerError(`${this.#label} failed: ${failure}`);
  }
}
