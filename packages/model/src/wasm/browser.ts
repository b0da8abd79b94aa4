// `@addrnn/model/wasm` for browser bundlers (the "browser" condition): imports the wasm backend
// statically and lets the bundler place its three `.wasm` binaries, then hands both to
// useBackend. Vite understands `?url` itself; esbuild needs `--loader:.wasm=file`; webpack 5 a
// `{ test: /\.wasm$/, type: 'asset/resource' }` rule (both ignore the `?url` suffix). Each URL
// is resolved against this module (bundler-url.ts), so the page may sit in another folder.
import * as tfjsWasm from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { currentPageUrl, resolveBundlerUrl } from './bundler-url.js';
import { provideWasmBackend, type WasmBackend } from './registry.js';

// Read as a property: esbuild's iife and cjs formats empty `import.meta`, and webpack must see
// `import.meta.url` spelled out to substitute it.
const moduleUrl = (import.meta as { url?: string }).url;
const page = currentPageUrl();
const here = (url: string) => resolveBundlerUrl(url, moduleUrl, page);

/** The wasm backend and the URLs of its binaries in this bundle. */
export const wasmBackend: WasmBackend = {
  module: tfjsWasm,
  paths: {
    'tfjs-backend-wasm.wasm': here(plainUrl),
    'tfjs-backend-wasm-simd.wasm': here(simdUrl),
    'tfjs-backend-wasm-threaded-simd.wasm': here(threadedSimdUrl),
  },
};

provideWasmBackend(wasmBackend);
export type { WasmBackend, WasmBackendModule } from './registry.js';
