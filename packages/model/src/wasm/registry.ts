/** Where the wasm backend finds its `.wasm` binaries: a folder prefix ending in `/`, or a map of each binary name to its URL. */
export type WasmPaths = string | Partial<Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>>;

/** The parts of `@tensorflow/tfjs-backend-wasm` that useBackend calls. */
export interface WasmBackendModule {
  /** Tells the backend where its `.wasm` binaries are: a folder prefix or a map of file name to URL. */
  setWasmPaths(prefixOrFileMap: WasmPaths, usePlatformFetch?: boolean): void;
}

/**
 * The wasm backend as the application's bundle holds it: the module (imported statically, so
 * that bundlers include it) and, in a browser bundle, the URLs the bundler gave its `.wasm` files.
 * `@addrnn/model/wasm` exports one as `wasmBackend`; pass it to `useBackend('wasm', { wasm })`.
 */
export interface WasmBackend {
  /** The `@tensorflow/tfjs-backend-wasm` module. */
  module: WasmBackendModule;
  /** Handed to `setWasmPaths` before the backend starts, unless `useBackend` gets `wasmPaths`. */
  paths?: WasmPaths;
}

// On globalThis, so that the ESM and CommonJS copies of this package (or two bundled copies) share it.
const KEY = Symbol.for('@addrnn/model:wasm-backend');

/** Remembers the wasm backend for every later `useBackend('wasm' | 'auto')`; `@addrnn/model/wasm` calls it on import. */
export function provideWasmBackend(backend: WasmBackend): void {
  (globalThis as Record<symbol, unknown>)[KEY] = backend;
}

/** The backend `provideWasmBackend` remembered, if any. */
export function providedWasmBackend(): WasmBackend | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as WasmBackend | undefined;
}
