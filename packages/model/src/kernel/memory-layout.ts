// How the training kernel places buffers in its WebAssembly memory: 16-byte aligned regions of
// float32s, the parameter-sized regions first so that they stay put when the batch buffers grow.
// Loaded by the gradient workers too: imports nothing.

/** Bytes per float32. */
export const FLOAT = 4;

/** Hands out 16-byte aligned regions of float32s from `base` on; `end()` is the first free byte after them. */
export function regionAllocator(base: number): { take(floats: number): number; end(): number } {
  let next = base;
  return {
    take(floats) {
      const at = next;
      next += Math.ceil((floats * FLOAT) / 16) * 16;
      return at;
    },
    end: () => next,
  };
}

/** Byte offsets of the regions of `parameters` floats every network keeps: weights, gradients and Adam's moments. */
export interface ParameterRegions {
  /** The weights, flat in the description's parameter order. */
  params: number;
  /** Gradients of the batch's mean loss. */
  grads: number;
  /** One chunk's gradients (and scratch for another thread's). */
  chunkGrads: number;
  firstMoments: number;
  secondMoments: number;
}

/** Takes the parameter regions, in the one order every layout starts with. */
export function takeParameterRegions(take: (floats: number) => number, parameters: number): ParameterRegions {
  return {
    params: take(parameters),
    grads: take(parameters),
    chunkGrads: take(parameters),
    firstMoments: take(parameters),
    secondMoments: take(parameters),
  };
}

/** Where a network lives in a memory that several threads' networks share (training threads): its regions start at `base` and must end by `limit`. */
export interface NetworkPlacement {
  base: number;
  limit: number;
}

/** Grows `memory` so that it holds `end` bytes. */
export function growTo(memory: WebAssembly.Memory, end: number): void {
  const needed = end - memory.buffer.byteLength;
  if (needed > 0) memory.grow(Math.ceil(needed / 65536));
}
