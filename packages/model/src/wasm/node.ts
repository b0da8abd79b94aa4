/**
 * `@addrnn/model/wasm`: imports `@tensorflow/tfjs-backend-wasm` statically so that a bundler
 * includes it and its `.wasm` binaries; import it once before `useBackend('wasm')`.
 * @module @addrnn/model/wasm
 */
// `@addrnn/model/wasm` outside browser bundlers: the wasm backend imported statically; in
// Node.js it finds its `.wasm` files next to its own script.
import * as tfjsWasm from '@tensorflow/tfjs-backend-wasm';
import { provideWasmBackend, type WasmBackend } from './registry.js';

/** The wasm backend (its binaries are found next to its script). */
export const wasmBackend: WasmBackend = { module: tfjsWasm };

provideWasmBackend(wasmBackend);
export type { WasmBackend, WasmBackendModule } from './registry.js';
