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

/**
 * Why tfjs-node did not load when the reason is that it is not installed, in a few words;
 * undefined when it is installed and failed (a library it needs is missing, say), which is worth
 * its message. "Not installed" is the package not found, or found without its native addon: how
 * a failed install of the optional dependency leaves it (the addon's download failed).
 */
export function tfjsNodeNotInstalled(error: unknown): { reason: string; remedy: string } | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  const line = String(error instanceof Error ? error.message : error).split('\n')[0]!.trim();
  const namesIt = line.includes(`'${NODE_BACKEND_MODULE}'`) || line.includes(`"${NODE_BACKEND_MODULE}"`);
  if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && namesIt) {
    return { reason: `${NODE_BACKEND_MODULE} is not installed`, remedy: `npm install ${NODE_BACKEND_MODULE}` };
  }
  // tfjs-node 4.x's words when its install script did not put the addon in place.
  if (/native addon module \(tfjs_binding\.node\) can ?not be found/.test(line)) {
    return { reason: `${NODE_BACKEND_MODULE}'s native addon is not installed`, remedy: `npm rebuild ${NODE_BACKEND_MODULE}` };
  }
  return undefined;
}
