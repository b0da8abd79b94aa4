// The addrnn training kernel: the numeric building blocks of one LSTM encoder-decoder training
// step, in WebAssembly with 128-bit SIMD. Every function works on raw float32 buffers in this
// module's memory, addressed by byte offsets that the host (src/kernel/) lays out. All loops run
// in a fixed order, so a result depends only on the inputs, never on timing.
// See ../README.md for how a product is blocked and why.

/** First free byte after the module's static data; the host lays its buffers out from here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(15 as usize);
}

// The exports of this entry file are the module's WebAssembly exports, in this order.
export { gemm, transpose } from './gemm';
export { fillRows, columnSums, addInto, axpy, scale, sumOfSquares } from './vector';
export { adam } from './adam';
export { lstmCellForward, lstmCellBackward } from './lstm-cell';
export { softmaxCrossEntropy } from './loss';
