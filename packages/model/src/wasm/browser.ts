// `@addrnn/model/wasm` for browser bundlers (the "browser" condition): imports the wasm backend
// statically and lets the bundler place its three `.wasm` binaries, then hands both to
// useBackend. Vite understands `?url` itself; esbuild needs `--loader:.wasm=file`; webpack 5 a
// `{ test: /\.wasm$/, type: 'asset/resource' }` rule (both ignore the `?url` suffix).
import * as tfjsWasm from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { provideWasmBackend, type WasmBackend } from './registry.js';

/** The wasm backend and the URLs of its binaries in this bundle. */
export const wasmBackend: WasmBackend = {
  module: tfjsWasm,
  paths: {
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  },
};

provideWasmBackend(wasmBackend);
export type { WasmBackend, WasmBackendModule } from './registry.js';
