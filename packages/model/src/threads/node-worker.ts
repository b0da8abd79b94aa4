// The gradient worker of createParallelTrainStep: a thread with its own TensorFlow.js engine and
// backend that computes the gradients of its shard of every batch. It talks to the main thread
// through shared memory only (Atomics.wait, no event loop), so each step costs no message.
// The computation itself is fused-shard.ts; this file is the hand-off (protocol.ts).
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { CONTROL_SLOTS, markUpdateBegun, reportWorkerFailure, Slot, STOP, type Mode, type ShardBuffers, type WorkerData } from './protocol.js';

const data = workerData as WorkerData;
const control = new Int32Array(data.control);

/** Records the first failure for the main thread and wakes it, whether it waits to start or for a step. */
function fail(error: unknown): void {
  reportWorkerFailure(control, new Uint8Array(data.errorText), error);
}

// A thread that dies (an uncaught error, process.exit) says so through shared memory: the main
// thread may be blocked in Atomics.wait for this worker, where its `exit` event cannot reach it.
let stopping = false;
process.on('uncaughtExceptionMonitor', (error) => fail(error));
process.on('exit', (code) => {
  if (!stopping) fail(`the gradient worker exited with code ${code} during request ${Atomics.load(control, Slot.request)}`);
});

async function start(): Promise<void> {
  if (control.length !== CONTROL_SLOTS) throw new Error(`control has ${control.length} slots, expected ${CONTROL_SLOTS}`);
  // Kernel workers load no TensorFlow.js: each engine is its own chunk, imported on demand.
  const kernelInstance = async () => {
    const kernel = await import('../kernel/kernel-module.js');
    return data.shared ? kernel.instantiateSharedKernel(await kernel.loadSharedKernelModule(), data.shared.memory) : kernel.instantiateKernel();
  };
  const computeShard =
    data.backend === 'kernel'
      ? (await import('./kernel-shard.js')).startKernelShardGradients(data, await kernelInstance())
      : await (await import('./fused-shard.js')).startFusedShardGradients(data);

  let buffers: ShardBuffers = data.buffers;
  let generation = 0;
  Atomics.store(control, Slot.ready, 1);
  Atomics.notify(control, Slot.ready);

  // The main thread's request counter starts at 0; a STOP may arrive before this loop waits.
  let last = 0;
  for (;;) {
    const request = Atomics.load(control, Slot.request);
    if (request === STOP) {
      stopping = true;
      return;
    }
    if (request === last) {
      Atomics.wait(control, Slot.request, last);
      continue;
    }
    last = request;
    if (request === data.faults?.exitOnRequest) process.exit(3);
    if (request === data.faults?.exitDuringUpdate && data.shared) {
      markUpdateBegun(data.shared);
      process.exit(3);
    }
    try {
      const wanted = Atomics.load(control, Slot.generation);
      while (generation !== wanted) {
        const message = receiveMessageOnPort(data.port);
        if (message === undefined) throw new Error(`buffers of generation ${wanted} were announced but not sent`);
        buffers = (message.message as { buffers: ShardBuffers }).buffers;
        generation += 1;
      }
      computeShard(buffers, Atomics.load(control, Slot.shard), Atomics.load(control, Slot.mode) as Mode);
    } catch (error) {
      fail(error);
      return;
    }
    Atomics.store(control, Slot.done, request);
    Atomics.notify(control, Slot.done);
  }
}

start().then(
  () => process.exit(0),
  (error: unknown) => fail(error),
);
