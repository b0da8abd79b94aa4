// The browser side of `#platform` (package.json "imports", every condition but "node"): no
// Node.js module is named here, so bundlers need no stubs or `--external` flags. Each loader
// rejects with a message that says what needs Node.js. Keep the signatures equal to ./node.ts.
import { BackendUnavailableError, PlatformUnsupportedError } from '../errors.js';
import type * as NodePlatform from './node.js';

/** True where `#platform` resolved to the Node.js implementation. */
export const IS_NODE_PLATFORM: typeof NodePlatform.IS_NODE_PLATFORM = false;

function unavailable(name: string): () => Promise<never> {
  return () => Promise.reject(new PlatformUnsupportedError(`${name} is available in Node.js only (this build of @addrnn/model is the browser one)`));
}

export const loadFs: typeof NodePlatform.loadFs = unavailable('node:fs');
export const loadFsPromises: typeof NodePlatform.loadFsPromises = unavailable('node:fs/promises');
export const loadPath: typeof NodePlatform.loadPath = unavailable('node:path');
export const loadUrl: typeof NodePlatform.loadUrl = unavailable('node:url');
export const loadOs: typeof NodePlatform.loadOs = unavailable('node:os');
export const loadWorkerThreads: typeof NodePlatform.loadWorkerThreads = unavailable('node:worker_threads');
export const importNodeBackend: typeof NodePlatform.importNodeBackend = unavailable('the tfjs-node backend');

/** No tfjs-node in a browser: nothing to explain. */
export const tfjsNodeNotInstalled: typeof NodePlatform.tfjsNodeNotInstalled = () => undefined;

export const importWasmBackend: typeof NodePlatform.importWasmBackend = () =>
  Promise.reject(
    new BackendUnavailableError(
      "the wasm backend is not bundled: add `import '@addrnn/model/wasm'` to the application (or pass useBackend's `wasm` option)",
    ),
  );
