import { KERNEL_SHARED_MAXIMUM_PAGES, KERNEL_SHARED_WASM_BASE64, KERNEL_WASM_BASE64 } from './kernel-wasm.generated.js';

/** The functions the training kernel exports (kernel/assembly/index.ts); pointers are byte offsets. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, lda: number, ldb: number, ldc: number, accumulate: number): void;
  transpose(src: number, dst: number, rows: number, cols: number, lds: number, ldd: number): void;
  fillRows(dst: number, v: number, rows: number, n: number): void;
  columnSums(src: number, dst: number, rows: number, n: number, accumulate: number): void;
  addInto(dst: number, src: number, n: number): void;
  axpy(dst: number, src: number, n: number, a: number, accumulate: number): void;
  scale(dst: number, n: number, s: number): void;
  adam(w: number, g: number, m: number, v: number, n: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, oneMinusAccBeta1: number, oneMinusAccBeta2: number, epsilon: number, negativeRate: number): void;
  sumOfSquares(src: number, n: number): number;
  lstmCellForward(z: number, cPrev: number, c: number, tc: number, hOut: number, rows: number, h: number, hasPrev: number, ldh: number): void;
  lstmCellBackward(gates: number, tc: number, cPrev: number, dh: number, dc: number, dz: number, rows: number, h: number, hasPrev: number): void;
  softmaxCrossEntropy(logits: number, y: number, predicted: number, batch: number, steps: number, n: number): number;
}

/** Size of the kernel's WebAssembly module in bytes. */
export const KERNEL_WASM_BYTES = Math.floor((KERNEL_WASM_BASE64.length * 3) / 4) - (KERNEL_WASM_BASE64.endsWith('==') ? 2 : KERNEL_WASM_BASE64.endsWith('=') ? 1 : 0);

let compiled: WebAssembly.Module | undefined;
let failure: Error | undefined;

function kernelBytes(base64: string = KERNEL_WASM_BASE64): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function describe(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`the WebAssembly SIMD training kernel cannot be compiled here (${message})`);
}

/**
 * Compiles the kernel once, asynchronously (what a browser's main thread allows). Resolves to the
 * module, or rejects with the reason it cannot run here (no WebAssembly, or no SIMD).
 */
export async function loadKernelModule(): Promise<WebAssembly.Module> {
  if (compiled) return compiled;
  if (failure) throw failure;
  try {
    if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available');
    compiled = await WebAssembly.compile(kernelBytes());
    return compiled;
  } catch (error) {
    failure = describe(error);
    throw failure;
  }
}

/** The compiled kernel, compiling it synchronously if needed (Node.js and workers allow it). */
export function kernelModuleSync(): WebAssembly.Module {
  if (compiled) return compiled;
  if (failure) throw failure;
  try {
    if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available');
    compiled = new WebAssembly.Module(kernelBytes());
    return compiled;
  } catch (error) {
    // A browser's main thread refuses synchronous compiles of this size; that is not a verdict on SIMD.
    const reason = describe(error);
    if (!/main thread|synchronous|sync/i.test(reason.message)) failure = reason;
    throw reason;
  }
}

/** A fresh instance with its own memory. */
export function instantiateKernel(module: WebAssembly.Module = kernelModuleSync()): KernelExports {
  return new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
}

let compiledShared: WebAssembly.Module | undefined;

/**
 * The kernel on an imported shared memory (training threads: every thread's instance on the one
 * memory, see threads/shared-kernel.ts), compiled once, asynchronously. Rejects where
 * WebAssembly threads or SIMD are missing.
 */
export async function loadSharedKernelModule(): Promise<WebAssembly.Module> {
  compiledShared ??= await WebAssembly.compile(kernelBytes(KERNEL_SHARED_WASM_BASE64));
  return compiledShared;
}

/** A shared memory of at least `bytes` for the shared kernel; throws where shared memory is unavailable (a page that is not cross-origin isolated). */
export function createSharedKernelMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.ceil(bytes / 65536);
  if (pages > KERNEL_SHARED_MAXIMUM_PAGES) throw new RangeError(`the threads' shared memory would need ${pages} pages of 64 KiB, more than the kernel's ${KERNEL_SHARED_MAXIMUM_PAGES}`);
  return new WebAssembly.Memory({ initial: pages, maximum: KERNEL_SHARED_MAXIMUM_PAGES, shared: true });
}

/** An instance of the shared kernel (`loadSharedKernelModule`) on `memory`, which other threads' instances share. */
export function instantiateSharedKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
}
