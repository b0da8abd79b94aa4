// One training run per directory. Two runs in one outDir (two new runs started at once, or two
// resumes of one run) would both write its checkpoints, each overwriting the other's. A run
// therefore holds a lock file in outDir, created with O_EXCL (`wx`: exactly one creator wins)
// and naming its process id, host and start time. A lock whose process no longer runs (killed
// with SIGKILL, the machine lost power) is stale and taken over at once, so resuming a killed run
// needs no waiting. proper-lockfile was not used: it judges staleness by the lock's age, which a
// live holder must refresh on a timer and a killed one leaves valid for its whole `stale` time
// (10 s by default), and it records no process id to name in the refusal.
import { loadFs, loadFsPromises, loadOs, loadPath } from '#platform';
import { RunLockedError, type LockHolder } from './errors.js';

/** The lock file's name in a run directory. */
export const LOCK_FILE_NAME = '.lock';

/** How often a run retries after finding the lock in flux (being released or taken over). */
const maxAttempts = 20;
const retryMilliseconds = 10;

/** A held lock on a run directory. */
export interface RunLock {
  /** The lock file. */
  file: string;
  /** A lock left by a process that no longer runs, which this run took over. */
  tookOverFrom?: LockHolder;
  /** Removes the lock file if it is still this run's; a second call does nothing. */
  release(): Promise<void>;
}

type FsPromises = Awaited<ReturnType<typeof loadFsPromises>>;

/** What a lock file holds: its holder, and a token telling this run's lock from a later one. */
interface LockRecord extends LockHolder {
  token: string;
}

/**
 * Takes the lock on `outDir` (which must exist) for this process, or throws RunLockedError
 * naming the process that holds it. A lock whose process is no longer alive is taken over
 * (`tookOverFrom` says whose it was). The lock is also removed when the process exits through
 * `process.exit`, so that only a killed process leaves one behind.
 */
export async function lockRun(outDir: string): Promise<RunLock> {
  const [fs, fsSync, path, os] = await Promise.all([loadFsPromises(), loadFs(), loadPath(), loadOs()]);
  const file = path.join(outDir, LOCK_FILE_NAME);
  const host = os.hostname();
  const own: LockRecord = {
    pid: process.pid,
    host,
    startedAt: new Date().toISOString(),
    token: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
  };
  const text = `${JSON.stringify(own)}\n`;
  let found: { text: string; holder: LockHolder | undefined } | undefined;
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    if (attempt > 0) await sleep(retryMilliseconds);
    if (await createExclusive(fs, file, text)) return held(fs, fsSync, file, text);
    found = await readLock(fs, file);
    // Released between the two calls, or created but not yet written: look again.
    if (found === undefined || found.holder === undefined) continue;
    if (holderState(found.holder, host) !== 'gone') break;
    if (await replaceStale(fs, file, found.text, text, host)) return held(fs, fsSync, file, text, found.holder);
  }
  throw new RunLockedError({ outDir, lockFile: file, localHost: host, ...(found?.holder ? { holder: found.holder } : {}) });
}

function held(fs: FsPromises, fsSync: Awaited<ReturnType<typeof loadFs>>, file: string, text: string, tookOverFrom?: LockHolder): RunLock {
  // On `process.exit` (a second Ctrl-C in the CLI) no promise runs any more: remove it synchronously.
  const onExit = (): void => {
    try {
      if (fsSync.readFileSync(file, 'utf8') === text) fsSync.unlinkSync(file);
    } catch {
      // Gone already.
    }
  };
  process.on('exit', onExit);
  let released = false;
  return {
    file,
    ...(tookOverFrom ? { tookOverFrom } : {}),
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      if ((await fs.readFile(file, 'utf8').catch(() => undefined)) === text) await fs.rm(file, { force: true });
    },
  };
}

/** Creates `file` holding `text` unless it exists; false when it does. */
async function createExclusive(fs: FsPromises, file: string, text: string): Promise<boolean> {
  try {
    await fs.writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The lock file's text and holder; undefined when there is no lock file. */
async function readLock(fs: FsPromises, file: string): Promise<{ text: string; holder: LockHolder | undefined } | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { text, holder: parseHolder(text) };
}

/** The holder a lock file names; undefined when it names none (a run that is writing it now). */
function parseHolder(text: string): LockHolder | undefined {
  try {
    const { pid, host, startedAt } = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isSafeInteger(pid) || (pid as number) <= 0 || typeof host !== 'string' || typeof startedAt !== 'string') return undefined;
    return { pid: pid as number, host, startedAt };
  } catch {
    return undefined;
  }
}

/**
 * Whether the holder still runs: 'gone' when its process is not alive, 'alive' when it is (or
 * may be: another user's process answers EPERM), 'unknown' on another host, where it cannot be asked.
 */
function holderState(holder: LockHolder, host: string): 'alive' | 'gone' | 'unknown' {
  if (holder.host !== host) return 'unknown';
  if (holder.pid === process.pid) {
    // This process's id, written before it started: a process that had the same id (a container's).
    const processStarted = Date.now() - process.uptime() * 1000;
    return Date.parse(holder.startedAt) < processStarted - 1000 ? 'gone' : 'alive';
  }
  try {
    process.kill(holder.pid, 0);
    return 'alive';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : 'alive';
  }
}

/**
 * Replaces a stale lock file by this run's, provided it still holds `staleText`. The new lock
 * is written to a second O_EXCL file first, which only one run can create, and renamed over
 * the stale one: so of two runs that found the same stale lock, the later one cannot replace
 * the lock the earlier one has just taken, and no moment passes without a lock file, in which
 * a third run could create one. True when this run now holds the lock.
 */
async function replaceStale(fs: FsPromises, file: string, staleText: string, text: string, host: string): Promise<boolean> {
  const guard = `${file}.takeover`;
  if (!(await createExclusive(fs, guard, text))) {
    // Another run is taking it over now, or one was killed while it did (then its guard goes).
    const guardHolder = (await readLock(fs, guard))?.holder;
    if (guardHolder !== undefined && holderState(guardHolder, host) === 'gone') await fs.rm(guard, { force: true });
    return false;
  }
  let replaced = false;
  try {
    if ((await fs.readFile(file, 'utf8').catch(() => undefined)) !== staleText) return false;
    await fs.rename(guard, file);
    replaced = true;
    return true;
  } finally {
    if (!replaced) await fs.rm(guard, { force: true });
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
