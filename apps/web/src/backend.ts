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

/** Starts the fastest backend that works here (webgl -> wasm -> cpu), with the wasm binaries served by this app. */
export async function startBackend(choice: BackendChoice = requestedBackend()): Promise<BackendInfo> {
  // useBackend keeps tfjs-wasm on its single-threaded binary in a cross-origin isolated page
  // (UseBackendOptions.wasmThreads): training threads come from the kernel (see `threads.ts`).
  return useBackend(choice, { wasmPaths });
}

/** "wasm (webgl skipped: ...)" for the status bar. */
export function describeBackend(info: BackendInfo): string {
  const skipped = info.skipped.map((entry) => `${entry.name} skipped: ${entry.reason}`);
  return skipped.length === 0 ? info.name : `${info.name} (${skipped.join('; ')})`;
}
