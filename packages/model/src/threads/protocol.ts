import type { MessagePort } from 'node:worker_threads';
import type { GateActivation } from '../fused/weight-roles.js';
import type { NetworkPlacement, ParameterRegions } from '../kernel/memory-layout.js';
import type { EncoderDecoderDescription } from '../kernel/model-description.js';

/** Slots of the control array shared by the main thread and one gradient worker. */
export const Slot = {
  /** Request number; the main thread bumps it to start a step, -1 asks the worker to exit. */
  request: 0,
  /** Number of the last request the worker finished. */
  done: 1,
  /**
   * 0 while healthy; 1 after the worker failed or exited (its message is in `errorText`). Either
   * side sets it: the worker when it catches an error or exits, the main thread when the
   * worker's `error` or `exit` event arrives first.
   */
  status: 2,
  /** Examples in this request's shard. */
  shard: 3,
  /** 1 once the worker has started its backend and built its variables. */
  ready: 4,
  /** Bumped when the main thread sends bigger buffers through the port. */
  generation: 5,
  /** What this request computes: a `Mode`. */
  mode: 6,
} as const;
export const CONTROL_SLOTS = 7;

/** What a request asks of a worker: its shard's gradients (a training step), or the forward pass alone (validation). */
export const Mode = {
  /** Gradients of the shard's mean loss, the loss and the predictions. */
  gradients: 0,
  /** The shard's mean loss and predictions only, nothing learned (kernel workers only). */
  forward: 1,
  /**
   * Adam on this worker's part of the main thread's parameters, with the hyperparameters written
   * to its share (kernel workers on a shared memory only: shared-kernel.ts); no shard.
   */
  update: 2,
} as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

/**
 * What a worker runs for one request: a shard of `shard` examples from `buffers` (weights,
 * inputs, targets), written back there: the gradients (in `Mode.gradients`), then the shard's
 * mean loss in the slot after them, and the predicted ids.
 */
export type ShardComputation = (buffers: ShardBuffers, shard: number, mode: Mode) => void;
export const STOP = -1;
export const ERROR_BYTES = 2048;

/** The gate activations of the encoder-decoder's two LSTMs, which the fused workers reproduce. */
export interface WorkerGates {
  encoder: GateActivation;
  decoder: GateActivation;
}

/** Buffers for one shard of up to `capacity` examples; the weights and gradients are flat, in the description's parameter order. */
export interface ShardBuffers {
  capacity: number;
  weights: SharedArrayBuffer;
  /** Gradients of the shard's mean loss, then the loss itself in the last slot. */
  gradients: SharedArrayBuffer;
  inputs: SharedArrayBuffer;
  targets: SharedArrayBuffer;
  predicted: SharedArrayBuffer;
}

export interface WorkerData {
  control: SharedArrayBuffer;
  errorText: SharedArrayBuffer;
  port: MessagePort;
  backend: string;
  /** The model, as every thread and the kernel describe it. */
  description: EncoderDecoderDescription;
  /** Its gate activations (the kernel computes sigmoid gates only; the fused workers either). */
  gates: WorkerGates;
  buffers: ShardBuffers;
  /** The worker computes its shard in chunks of at most this many examples. */
  microBatchSize: number;
  /** Kernel workers: the memory every thread's kernel shares, and this worker's share of it (shared-kernel.ts). */
  shared?: SharedShare;
  /** Testing only: failures the worker injects into itself. */
  faults?: WorkerFaults;
}

/** Int32 slots of a worker's update area (`SharedShare.update.hyper`), after its 8 float32 hyperparameters. */
export const UpdateSlot = {
  /** The update round the main thread asks for. */
  asked: 8,
  /** The last round the worker began: a worker that fails after this may have left its part half done. */
  begun: 9,
} as const;
export const UPDATE_SLOTS = 10;

/** The worker's mark, before it touches its part of the update, that it began the round asked for. */
export function markUpdateBegun(share: SharedShare): void {
  const rounds = new Int32Array(share.memory.buffer, share.update.hyper, UPDATE_SLOTS);
  Atomics.store(rounds, UpdateSlot.begun, Atomics.load(rounds, UpdateSlot.asked));
}

/** A kernel worker's share of the memory every thread's kernel shares (shared-kernel.ts). */
export interface SharedShare {
  memory: WebAssembly.Memory;
  /** Where this worker's network lives. */
  placement: NetworkPlacement;
  /** Byte offset of the main thread's weights, copied into the worker's own at each request. */
  weights: number;
  /** This worker's part of the Adam update (`Mode.update`): the main thread's parameter regions, floats [start, start + count), and the 8 float32 hyperparameters at byte `hyper`. */
  update: { regions: ParameterRegions; start: number; count: number; hyper: number };
}

/** Failures a test can inject into a gradient worker; never set in normal use. */
export interface WorkerFaults {
  /** Exit the thread with code 3 while working on this request number (1 is the first step). */
  exitOnRequest?: number;
  /** Kernel workers on a shared memory: exit with code 3 on this request number (an Adam update) after marking it begun, as a crash in the middle of the update would. */
  exitDuringUpdate?: number;
}

// Worker side. This module imports nothing at run time: the workers load it without the rest of
// the package (and without @addrnn/codec, which a test runner may resolve to TypeScript source).

/**
 * The worker's side of a failure: records `error` for the main thread and wakes it, whether it
 * waits for the start or for a step. The first failure wins.
 */
export function reportWorkerFailure(control: Int32Array, errorText: Uint8Array, error: unknown): void {
  if (Atomics.load(control, Slot.status) !== 0) return;
  const text = new TextEncoder().encode(String(error instanceof Error ? (error.stack ?? error.message) : error)).slice(0, ERROR_BYTES - 1);
  errorText.fill(0);
  errorText.set(text);
  Atomics.store(control, Slot.status, 1);
  Atomics.store(control, Slot.ready, 1);
  Atomics.notify(control, Slot.ready);
  Atomics.store(control, Slot.done, Atomics.load(control, Slot.request));
  Atomics.notify(control, Slot.done);
}
