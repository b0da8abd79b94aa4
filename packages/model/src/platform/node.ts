// The Node.js side of `#platform` (package.json "imports"): literal `node:` imports, loaded on
// first use. Browser bundlers resolve `#platform` to ./browser.ts instead, so none of this
// reaches a browser bundle. Keep this file free of imports from the rest of the package.

/** True where `#platform` resolved to the Node.js implementation. */
export const IS_NODE_PLATFORM: boolean = true;

export const loadFs = (): Promise<typeof import('node:fs')> => import('node:fs');
export const loadFsPromises = (): Promise<typeof import('node:fs/promises')> => import('node:fs/promises');
export const loadPath = (): Promise<typeof import('node:path')> => import('node:path');
export const loadUrl = (): Promise<typeof import('node:url')> => import('node:url');
export const loadOs = (): Promise<typeof import('node:os')> => import('node:os');
export const loadWorkerThreads = (): Promise<typeof import('node:worker_threads')> => import('node:worker_threads');

// Optional peers: held in variables so that a Node bundler does not fail when they are absent.
const NODE_BACKEND_MODULE = '@tensorflow/tfjs-node';
const WASM_BACKEND_MODULE = '@tensorflow/tfjs-backend-wasm';

/**
 * Imports `@tensorflow/tfjs-node` (it registers the 'tensorflow' backend). It is usually a
 * dependency of the application, not of this library, so under a strict layout (pnpm) it
 * resolves from the application's entry script or working directory only.
 */
export async function importNodeBackend(): Promise<void> {
  try {
    await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_BACKEND_MODULE);
    return;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    const { createRequire } = await import('node:module');
    const { pathToFileURL } = await import('node:url');
    const bases = [process.argv[1], `${process.cwd()}/package.json`].filter((base): base is string => Boolean(base));
    for (const base of bases) {
      let resolved: string;
      try {
        resolved = createRequire(base).resolve(NODE_BACKEND_MODULE);
      } catch {
        continue;
      }
      await import(/* @vite-ignore */ /* webpackIgnore: true */ pathToFileURL(resolved).href);
      return;
    }
    throw error;
  }
}

/** Imports `@tensorflow/tfjs-backend-wasm` (registers the 'wasm' backend); Node finds its `.wasm` files itself. */
export async function importWasmBackend(): Promise<unknown> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ WASM_BACKEND_MODULE);
}
