import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { BackendUnavailableError } from './errors.js';
import { importNodeBackend, importWasmBackend, tfjsNodeNotInstalled } from '#platform';
import { providedWasmBackend, type WasmBackend, type WasmBackendModule, type WasmPaths } from './wasm/registry.js';

export type { WasmPaths };

/** Which TensorFlow.js backend to run on. */
export type BackendChoice = 'auto' | 'node' | 'wasm' | 'cpu' | 'webgl';

/** The backend in use, and why faster ones were skipped. */
export interface BackendInfo {
  /** The tfjs backend that runs: `'tensorflow'` (tfjs-node), `'wasm'`, `'cpu'` or `'webgl'`. */
  name: string;
  /** What was asked for: a `BackendChoice`, or `'current'` for the backend tfjs already ran. */
  requested: BackendChoice | 'current';
  /** Faster backends `auto` tried first, each with why it did not start. */
  skipped: {
    /** The backend tried, as `BackendChoice` names it: `'node'`, `'wasm'` or `'webgl'`. */
    name: string;
    /** Why, in one line: the first line of its error, or "@tensorflow/tfjs-node is not installed" (no paths). */
    reason: string;
    /** Set when the backend's optional package (or its native addon) is not installed: nothing failed. */
    notInstalled?: true;
    /** The first line of the error where `reason` says it in fewer words (a resolution error, which names local paths). */
    detail?: string;
  }[];
}


/** Options of `useBackend(choice, options)`: where the wasm backend finds its binaries. */
export interface UseBackendOptions {
  /**
   * Passed to the wasm backend's `setWasmPaths` before it starts, in place of the URLs that
   * `@addrnn/model/wasm` got from the bundler (those are resolved against the module that imported
   * them, so the page may sit in another folder). Relative URLs given here are resolved against the
   * page, as `fetch` resolves them. Ignored unless wasm is tried.
   * @default the folder of `@tensorflow/tfjs-backend-wasm`'s script
   */
  wasmPaths?: WasmPaths;
  /**
   * The wasm backend as the application bundles it: `wasmBackend` from `@addrnn/model/wasm`.
   * Importing `@addrnn/model/wasm` once does the same for every later call. Needed in a
   * browser, where this package cannot import the optional peer by itself.
   * @default the one `@addrnn/model/wasm` provided; in Node.js, an import of `@tensorflow/tfjs-backend-wasm`
   */
  wasm?: WasmBackend;
  /**
   * In a browser, lets tfjs-backend-wasm start its own threaded binary when the page is
   * cross-origin isolated. Off by default: that binary starts its pthread workers from a Blob of
   * the Emscripten factory's source text, which refers to a name of the enclosing module; once an
   * app is bundled and minified the name is gone, every pthread worker dies with `ReferenceError`
   * and the backend never starts. Training threads come from this package's kernel instead
   * (`train({ threads })`). Ignored in Node.js, where tfjs-wasm runs on one thread.
   * @default false
   */
  wasmThreads?: boolean;
}

let chosen: BackendInfo | undefined;

/** What the last successful `useBackend` started, while tfjs still runs on it; undefined when nothing chose one. */
export function chosenBackend(): BackendInfo | undefined {
  if (chosen !== undefined && chosen.name !== tf.getBackend()) chosen = undefined;
  return chosen === undefined ? undefined : { ...chosen, skipped: [...chosen.skipped] };
}

const CHOICES: readonly BackendChoice[] = ['auto', 'node', 'wasm', 'cpu', 'webgl'];

function inBrowser(): boolean {
  return typeof (globalThis as { document?: unknown }).document !== 'undefined' ||
    typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!.trim();
}

/**
 * tfjs's cpu backend prints "Hi, looks like you are running TensorFlow.js in Node.js ... install
 * our node backend" on its first tensor in Node. useBackend has already tried tfjs-node and
 * reports why it was skipped (`BackendInfo.skipped`), so the banner only alarms users (the CLI
 * prints the backend it runs on): mark the cpu backend's first use as done. Nothing else changes.
 */
function quietCpuBanner(): void {
  try {
    const cpu = tf.engine().findBackend('cpu') as unknown as { firstUse?: boolean } | null;
    if (cpu !== null && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
  } catch {
    // No cpu backend: no banner either.
  }
}

/**
 * Sets tfjs-wasm's WASM_HAS_MULTITHREAD_SUPPORT before the backend's first start (see
 * `UseBackendOptions.wasmThreads`). The wasm module registers the flag on import; a tfjs without
 * it has no threaded binary to avoid.
 */
function keepWasmSingleThreaded(threadsAllowed: boolean): void {
  if (threadsAllowed) return;
  const env = tf.env() as unknown as { set(name: string, value: boolean): void; flagRegistry?: Record<string, unknown> };
  if (env.flagRegistry !== undefined && !('WASM_HAS_MULTITHREAD_SUPPORT' in env.flagRegistry)) return;
  env.set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

async function tryBackend(name: Exclude<BackendChoice, 'auto'>, options: UseBackendOptions): Promise<void> {
  if (name === 'node') {
    if (inBrowser()) throw new BackendUnavailableError('tfjs-node runs only in Node.js');
    // tfjs-node registers itself as 'tensorflow' on import and outranks every other backend.
    await importNodeBackend();
    if (!(await tf.setBackend('tensorflow'))) throw new BackendUnavailableError('the tensorflow backend failed to initialise');
    return;
  }
  if (name === 'wasm') {
    // The import registers the backend; a second import returns the same module.
    const provided = options.wasm ?? providedWasmBackend();
    const wasm = provided?.module ?? ((await importWasmBackend()) as WasmBackendModule);
    const paths = options.wasmPaths ?? provided?.paths;
    // Paths matter only before the first start; once started, the backend keeps its binary.
    if (tf.engine().registry['wasm'] === undefined) {
      if (paths !== undefined) wasm.setWasmPaths(paths);
      if (inBrowser()) keepWasmSingleThreaded(options.wasmThreads === true);
    }
    if (!(await tf.setBackend('wasm'))) throw new BackendUnavailableError('the wasm backend failed to initialise');
    return;
  }
  if (!(await tf.setBackend(name))) throw new BackendUnavailableError(`the ${name} backend failed to initialise`);
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
  if (options.wasmThreads !== undefined && typeof options.wasmThreads !== 'boolean') {
    throw new InvalidOptionError(`useBackend: wasmThreads must be true or false, got ${JSON.stringify(options.wasmThreads)}`);
  }
  const order: Exclude<BackendChoice, 'auto'>[] =
    choice !== 'auto' ? [choice] : inBrowser() ? ['webgl', 'wasm', 'cpu'] : ['node', 'wasm', 'cpu'];
  const skipped: BackendInfo['skipped'] = [];
  for (const name of order) {
    try {
      await tryBackend(name, options);
      await tf.ready();
      if (!inBrowser()) quietCpuBanner();
      chosen = { name: tf.getBackend(), requested: choice, skipped };
      return { ...chosen, skipped: [...skipped] };
    } catch (error) {
      // Not installed: a few words, no paths; the error's own line stays in `detail`.
      const notInstalled = name === 'node' ? tfjsNodeNotInstalled(error) : undefined;
      if (choice !== 'auto') {
        const reason = notInstalled === undefined ? firstLine(error) : `${notInstalled.reason} (${notInstalled.remedy})`;
        throw new BackendUnavailableError(`backend "${name}" is not available: ${reason}`, { cause: error });
      }
      skipped.push(
        notInstalled === undefined
          ? { name, reason: firstLine(error) }
          : { name, reason: notInstalled.reason, notInstalled: true, detail: firstLine(error) },
      );
    }
  }
  throw new BackendUnavailableError(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
