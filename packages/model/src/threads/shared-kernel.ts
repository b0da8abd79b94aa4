// Training threads on one shared WebAssembly memory: the kernel's shared build (every thread its
// own instance on the same memory), each thread's network in a share of its own. Each worker
// copies the main thread's weights into its share within the memory (reading them in place
// from the other core's cache ran slower than the copy), and the main thread sums the workers'
// gradients where they wrote them: nothing goes through the shard buffers but the batch, the
// loss and the predictions. Loaded by the gradient workers too: imports nothing at run time
// outside the kernel's folder.
import { encoderDecoderBytes } from '../kernel/encoder-decoder-network.js';
import { createSharedKernelMemory, instantiateSharedKernel, type KernelExports } from '../kernel/kernel-module.js';
import { regionAllocator, takeParameterRegions, type NetworkPlacement } from '../kernel/memory-layout.js';
import type { EncoderDecoderDescription } from '../kernel/model-description.js';
import type { SharedShare } from './protocol.js';

/** Each thread's share starts on a 64 KiB page of its own. */
const SHARE_ALIGN = 65536;

/** The main thread's side: its kernel instance and share, and each worker's share and where its gradients are. */
export interface SharedKernel {
  memory: WebAssembly.Memory;
  /** This thread's instance on the shared memory. */
  kernel: KernelExports;
  /** This thread's share: the weights, Adam's moments and its own buffers. */
  placement: NetworkPlacement;
  /** Worker k's share. */
  workers: SharedShare[];
  /** Byte offset of worker k's gradients. */
  workerGradients: number[];
  /** This thread's part of the Adam update: floats [0, mainUpdate) of the parameters; the workers' follow (`workers[k].update`). */
  mainUpdate: number;
}

const align = (bytes: number) => Math.ceil(bytes / SHARE_ALIGN) * SHARE_ALIGN;

/**
 * Lays out one shared memory for `threads` networks of `description` with chunks of up to
 * `capacity` examples, and instantiates this thread's kernel on it. Throws where shared
 * WebAssembly memory is unavailable.
 */
export function createSharedKernel(module: WebAssembly.Module, description: EncoderDecoderDescription, capacity: number, threads: number): SharedKernel {
  const memory = createSharedKernelMemory(SHARE_ALIGN);
  const kernel = instantiateSharedKernel(module, memory);
  const share = align(encoderDecoderBytes(description, capacity));
  // Each worker's update area (8 float32 Adam hyperparameters, then UpdateSlot's int32s), 64 bytes apart, between the kernel's static data and the shares.
  const hyperAt = (k: number) => Math.ceil(kernel.heapBase() / 64) * 64 + k * 64;
  const first = align(hyperAt(threads));
  const placements = Array.from({ length: threads }, (_, k) => ({ base: first + k * share, limit: first + (k + 1) * share }));
  const end = first + threads * share;
  memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  const main = placements[0]!;
  const parameters = description.parameterCount;
  const regionsAt = (placement: NetworkPlacement) => takeParameterRegions(regionAllocator(placement.base).take, parameters);
  const regions = regionsAt(main);
  // The Adam update in one part per thread, each a multiple of 4 floats (the kernel's SIMD width) but the last.
  const part = Math.ceil(parameters / threads / 4) * 4;
  const workers = placements.slice(1).map((placement, k) => {
    const start = Math.min((k + 1) * part, parameters);
    return { memory, placement, weights: regions.params, update: { regions, start, count: Math.min(part, parameters - start), hyper: hyperAt(k) } };
  });
  const workerGradients = placements.slice(1).map((placement) => regionsAt(placement).grads);
  return { memory, kernel, placement: main, workers, workerGradients, mainUpdate: Math.min(part, parameters) };
}
