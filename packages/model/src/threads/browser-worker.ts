// The Web Worker of browser training threads: the kernel's shard computation behind the same
// shared-memory hand-off as the Node.js worker (protocol.ts). It is bundled into one
// classic script string (scripts/build-kernel.mjs -> threads/browser-worker.generated.ts) and started
// from a Blob URL, so no bundler has to find a worker file. It receives the compiled kernel
// module by message and loads no TensorFlow.js.
import { CONTROL_SLOTS, reportWorkerFailure, Slot, STOP, type Mode, type ShardBuffers, type ShardComputation, type SharedShare } from './protocol.js';
import type { EncoderDecoderDescription } from '../kernel/model-description.js';
import type { KernelExports } from '../kernel/kernel-module.js';
import { startKernelShardGradients } from './kernel-shard.js';

/** The first message: everything but the buffers that later grow. */
export interface BrowserWorkerInit {
  type: 'init';
  module: WebAssembly.Module;
  control: SharedArrayBuffer;
  errorText: SharedArrayBuffer;
  description: EncoderDecoderDescription;
  buffers: ShardBuffers;
  microBatchSize: number;
  /** With the kernel's shared build as `module`: the memory every thread's kernel shares, and this worker's share. */
  shared?: SharedShare;
}

/** Bigger buffers, posted before the request that needs them. */
export interface BrowserWorkerBuffers {
  type: 'buffers';
  buffers: ShardBuffers;
}

interface WorkerScope {
  onmessage: ((event: { data: BrowserWorkerInit | BrowserWorkerBuffers }) => void) | null;
  close(): void;
}

const scope = globalThis as unknown as WorkerScope;
let control: Int32Array | undefined;
let errorText: Uint8Array | undefined;
let buffers: ShardBuffers | undefined;
let compute: ShardComputation | undefined;
let generation = 0;
let last = 0;

function fail(error: unknown): void {
  if (control && errorText) reportWorkerFailure(control, errorText, error);
}

/** Serves requests until STOP, or until new buffers are announced (their message is handled first). */
function serve(): void {
  const c = control!;
  for (;;) {
    const request = Atomics.load(c, Slot.request);
    if (request === STOP) {
      scope.close();
      return;
    }
    if (request === last) {
      Atomics.wait(c, Slot.request, last);
      continue;
    }
    // The buffers message was posted before this request: back to the event loop to receive it.
    if (Atomics.load(c, Slot.generation) !== generation) return;
    last = request;
    try {
      compute!(buffers!, Atomics.load(c, Slot.shard), Atomics.load(c, Slot.mode) as Mode);
    } catch (error) {
      fail(error);
      return;
    }
    Atomics.store(c, Slot.done, request);
    Atomics.notify(c, Slot.done);
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.type === 'init') {
      control = new Int32Array(message.control);
      errorText = new Uint8Array(message.errorText);
      if (control.length !== CONTROL_SLOTS) throw new Error(`control has ${control.length} slots, expected ${CONTROL_SLOTS}`);
      buffers = message.buffers;
      const imports: WebAssembly.Imports = message.shared ? { env: { memory: message.shared.memory } } : {};
      const instance = new WebAssembly.Instance(message.module, imports).exports as unknown as KernelExports;
      compute = startKernelShardGradients(message, instance);
      Atomics.store(control, Slot.ready, 1);
      Atomics.notify(control, Slot.ready);
    } else {
      buffers = message.buffers;
      generation += 1;
    }
  } catch (error) {
    fail(error);
    return;
  }
  serve();
};
