import * as tf from '@tensorflow/tfjs';
// Bundles tfjs-backend-wasm (static import) for useBackend; the binaries' URLs come from wasm-paths.ts.
import '@addrnn/model/wasm';
import { useBackend, type BackendChoice, type BackendInfo } from '@addrnn/model';
import { wasmPaths } from './wasm-paths.js';

const browserChoices: readonly BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu'];

/** `?backend=wasm` (or webgl, cpu) picks a backend by name; anything else: auto. */
export function requestedBackend(search: string = location.search): BackendChoice {
  const asked = new URLSearchParams(search).get('backend') as BackendChoice | null;
  return asked !== null && browserChoices.includes(asked) ? asked : 'auto';
}

/**
 * Keeps tfjs-backend-wasm on its single-threaded SIMD binary. When a page (or its worker) is
 * cross-origin isolated, tfjs-wasm picks its threaded binary, whose pthread workers start from a
 * Blob holding the source text of the Emscripten factory (`Function.prototype.toString`). Once
 * the app is bundled and minified, that text refers to a name of the enclosing module
 * (`_scriptDir`, minified to `e`) that the Blob does not define, so every pthread worker dies
 * with `ReferenceError: e is not defined` and the backend never starts, in a module worker and
 * on the page alike. The flag is registered by the wasm module and must be set before the
 * backend's first start. Threads for training come from our own kernel (see `threads.ts`).
 */
async function keepWasmSingleThreaded(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

/** Starts the fastest backend that works here (webgl -> wasm -> cpu), with the wasm binaries served by this app. */
export async function startBackend(choice: BackendChoice = requestedBackend()): Promise<BackendInfo> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  // Without isolation tfjs-wasm finds no SharedArrayBuffer and stays single-threaded by itself;
  // 'auto' then need not load the wasm module before webgl is tried.
  if (choice === 'wasm' || (choice === 'auto' && isolated)) await keepWasmSingleThreaded();
  return useBackend(choice, { wasmPaths });
}

/** "wasm (webgl skipped: ...)" for the status bar. */
export function describeBackend(info: BackendInfo): string {
  const skipped = info.skipped.map((entry) => `${entry.name} skipped: ${entry.reason}`);
  return skipped.length === 0 ? info.name : `${info.name} (${skipped.join('; ')})`;
}
