// How many threads a parallel training step should use here, and whether this is Node.js.
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { loadOs } from '#platform';
import { browserThreadsUnavailable } from './browser-pool.js';
import type { Implementation } from '../metadata.js';

/** Node.js, as opposed to a browser (a page or a Web Worker). */
export function runsInNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof (globalThis as { document?: unknown }).document === 'undefined';
}

/**
 * Examples per thread below which splitting a batch costs more than it saves. Measured on a
 * 2-core VM (wasm, the seed's model): two threads ran batch 64 at 1.15x one thread, batch 32 at 0.94x.
 */
export const MIN_EXAMPLES_PER_THREAD = 32;
/**
 * The same for the kernel, which has no per-operation overhead to amortise: a thread pays off
 * from this many examples. Measured on the 2-core VM: see BENCHMARKS.md.
 */
export const MIN_KERNEL_EXAMPLES_PER_THREAD = 16;
/** Most threads `chooseTrainThreads` picks by itself. */
const MAX_AUTO_THREADS = 4;

/**
 * How many threads `createParallelTrainStep` should use for `batchSize` on the running backend:
 * 1 for the `layers` implementation, for `fused` on backends other than wasm and cpu, and in a
 * browser without the kernel's Web Workers; otherwise (the kernel on any backend, tfjs-node
 * included) as many as the machine's cores allow (at most 4) while each thread gets at least
 * MIN_EXAMPLES_PER_THREAD examples. A number passes through after validation.
 */
export async function chooseTrainThreads(options: {
  threads?: number | 'auto';
  batchSize: number;
  implementation?: Implementation;
}): Promise<number> {
  const { threads = 'auto', batchSize, implementation = 'kernel' } = options;
  if (threads !== 'auto') {
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new InvalidOptionError(`threads must be "auto" or an integer from 1 to 64, got ${JSON.stringify(threads)}`);
    }
    if (threads > 1 && implementation === 'layers') {
      throw new InvalidOptionError(`threads ${threads} needs the kernel or fused implementation, got "${implementation}"`);
    }
    return threads;
  }
  const backend = tf.getBackend();
  if (implementation === 'layers') return 1;
  if (!runsInNode()) {
    // Browser threads run the kernel in Web Workers; they need cross-origin isolation and a worker.
    if (implementation !== 'kernel' || browserThreadsUnavailable() !== undefined) return 1;
    const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
    return Math.max(1, Math.min(cores, MAX_AUTO_THREADS, Math.floor(batchSize / MIN_KERNEL_EXAMPLES_PER_THREAD)));
  }
  // The fused step's workers need a wasm or cpu engine; the kernel's use no tfjs, so they run beside any backend.
  if (implementation === 'fused' && backend !== 'wasm' && backend !== 'cpu') return 1;
  const os = await loadOs();
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const perThread = implementation === 'kernel' ? MIN_KERNEL_EXAMPLES_PER_THREAD : MIN_EXAMPLES_PER_THREAD;
  return Math.max(1, Math.min(cores, MAX_AUTO_THREADS, Math.floor(batchSize / perThread)));
}

