/**
 * How many threads browser training uses, chosen in one place.
 *
 * Threads in a browser need `SharedArrayBuffer`, which a page only gets when it is
 * cross-origin isolated (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`, or isolated by `public/coi-sw.js`). Without
 * isolation training runs on one thread.
 */
export interface ThreadChoice {
  /** `crossOriginIsolated` where the choice was made. */
  crossOriginIsolated: boolean;
  /** Cores the browser reports (`navigator.hardwareConcurrency`). */
  cores: number;
  /** Threads training may use here: every core when isolated, else 1. */
  available: number;
  /** Threads passed to `train()`. */
  threads: number;
  /** Why `threads` is what it is, for the page. */
  reason: string;
}

/**
 * Whether `train()` can split its work across threads inside a browser worker: the WebAssembly
 * training kernel runs shards of each batch in Web Workers when the page is isolated.
 */
export const browserParallelTraining = true;

export function chooseTrainingThreads(
  isolated: boolean = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  cores: number = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  parallel: boolean = browserParallelTraining,
): ThreadChoice {
  const knownCores = Number.isInteger(cores) && cores >= 1 ? cores : 1;
  const available = isolated ? Math.min(knownCores, 64) : 1;
  const threads = parallel ? available : 1;
  const reason = !isolated
    ? 'this page is not cross-origin isolated, so training falls back to one thread'
    : !parallel
      ? `the page is cross-origin isolated (${knownCores} cores), but browser training runs on one thread here`
      : `the page is cross-origin isolated: training uses ${threads} thread${threads === 1 ? '' : 's'}`;
  return { crossOriginIsolated: isolated, cores: knownCores, available, threads, reason };
}

/** One line for the Train tab: isolation and the threads training uses. */
export function describeThreads(choice: ThreadChoice): string {
  if (!choice.crossOriginIsolated) return 'This page is not cross-origin isolated, so training falls back to one thread.';
  const plural = choice.threads === 1 ? '' : 's';
  const note =
    choice.threads < choice.available ? ` (${choice.available} available; a batch is split from 16 examples a thread, at most 4)` : '';
  return `Cross-origin isolated: training uses ${choice.threads} thread${plural}${note}.`;
}
