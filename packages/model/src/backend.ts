import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { BackendUnavailableError } from './errors.js';
import { installFastKernels } from './fused/index.js';

/** Which TensorFlow.js backend to run on. */
export type BackendChoice = 'auto' | 'node' | 'wasm' | 'cpu' | 'webgl';

/** The backend in use, and why faster ones were skipped. */
export interface BackendInfo {
  name: string;
  requested: BackendChoice;
  skipped: { name: string; reason: string }[];
}

/** Where the wasm backend finds its `.wasm` binaries: a folder prefix ending in `/`, or a map of each binary name to its URL. */
export type WasmPaths = string | Partial<Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>>;

export interface UseBackendOptions {
  /**
   * Passed to the wasm backend's `setWasmPaths` before it starts; needed in a browser when a
   * bundler does not serve the `.wasm` files next to the script. Ignored unless wasm is tried.
   * @default the folder of `@tensorflow/tfjs-backend-wasm`'s script
   */
  wasmPaths?: WasmPaths;
}

const CHOICES: readonly BackendChoice[] = ['auto', 'node', 'wasm', 'cpu', 'webgl'];

function inBrowser(): boolean {
  return typeof (globalThis as { document?: unknown }).document !== 'undefined' ||
    typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!.trim();
}

// Module names in variables keep bundlers from trying to include tfjs-node in a browser build.
const NODE_BACKEND_MODULE = '@tensorflow/tfjs-node';
const WASM_BACKEND_MODULE = '@tensorflow/tfjs-backend-wasm';

/**
 * tfjs-node is usually a dependency of the application, not of this library, so under a strict
 * layout (pnpm) it resolves from the application's entry script or working directory only.
 */
async function importNodeBackend(): Promise<void> {
  try {
    await import(/* @vite-ignore */ NODE_BACKEND_MODULE);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' && (error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    const { createRequire } = (await import(/* @vite-ignore */ 'node:module')) as unknown as typeof import('node:module');
    const { pathToFileURL } = (await import(/* @vite-ignore */ 'node:url')) as typeof import('node:url');
    const bases = [process.argv[1], `${process.cwd()}/package.json`].filter((base): base is string => Boolean(base));
    for (const base of bases) {
      let resolved: string;
      try {
        resolved = createRequire(base).resolve(NODE_BACKEND_MODULE);
      } catch {
        continue;
      }
      await import(/* @vite-ignore */ pathToFileURL(resolved).href);
      return;
    }
    throw error;
  }
}

type WasmModule = { setWasmPaths(prefixOrFileMap: WasmPaths, usePlatformFetch?: boolean): void };

async function tryBackend(name: Exclude<BackendChoice, 'auto'>, options: UseBackendOptions): Promise<void> {
  if (name === 'node') {
    if (inBrowser()) throw new Error('tfjs-node runs only in Node.js');
    // tfjs-node registers itself as 'tensorflow' on import and outranks every other backend.
    await importNodeBackend();
    if (!(await tf.setBackend('tensorflow'))) throw new Error('the tensorflow backend failed to initialise');
    return;
  }
  if (name === 'wasm') {
    // The import registers the backend; a second import returns the same module.
    const wasm = (await import(/* @vite-ignore */ WASM_BACKEND_MODULE)) as WasmModule;
    // Paths matter only before the first start; once started, the backend keeps its binary.
    if (options.wasmPaths !== undefined && tf.engine().registry['wasm'] === undefined) wasm.setWasmPaths(options.wasmPaths);
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
    installFastKernels();
    return;
  }
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to initialise`);
}

/**
 * Starts a backend. `auto` tries the fastest first: in Node `@tensorflow/tfjs-node` (imported
 * only here, dynamically), then `@tensorflow/tfjs-backend-wasm`, then `cpu`; in a browser
 * `webgl`, then `wasm`, then `cpu`. A backend asked for by name that fails throws.
 */
export async function useBackend(choice: BackendChoice = 'auto', options: UseBackendOptions = {}): Promise<BackendInfo> {
  if (!CHOICES.includes(choice)) {
    throw new InvalidOptionError(`backend must be one of ${CHOICES.join(', ')}, got ${JSON.stringify(choice)}`);
  }
  const order: Exclude<BackendChoice, 'auto'>[] =
    choice !== 'auto' ? [choice] : inBrowser() ? ['webgl', 'wasm', 'cpu'] : ['node', 'wasm', 'cpu'];
  const skipped: BackendInfo['skipped'] = [];
  for (const name of order) {
    try {
      await tryBackend(name, options);
      await tf.ready();
      return { name: tf.getBackend(), requested: choice, skipped };
    } catch (error) {
      if (choice !== 'auto') {
        throw new BackendUnavailableError(`backend "${name}" is not available: ${firstLine(error)}`, { cause: error });
      }
      skipped.push({ name, reason: firstLine(error) });
    }
  }
  throw new BackendUnavailableError(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
