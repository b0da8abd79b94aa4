import { lstat, mkdir, readdir, readlink, realpath, rename, rm, rmdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../usage-error.js';

/** Where `train` makes a new numbered directory for each run (relative to the working directory). */
export const runsDir = 'runs';
/** A symbolic link to the newest run in `runsDir`; `--resume` without `--out` continues it. */
export const latestRunLink = path.join(runsDir, 'latest');

/**
 * Makes `runs/run-NNN`, one past the highest number there, and points `runs/latest` at it.
 * mkdir without `recursive` fails if another run took the number first; then the next one.
 */
export async function newRunDirectory(): Promise<string> {
  await mkdir(runsDir, { recursive: true });
  const numbers = (await readdir(runsDir))
    .map((entry) => /^run-(\d+)$/.exec(entry)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number);
  for (let number = Math.max(0, ...numbers) + 1; ; number += 1) {
    const name = `run-${String(number).padStart(3, '0')}`;
    try {
      await mkdir(path.join(runsDir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    await pointLatestAt(name);
    return path.join(runsDir, name);
  }
}

/**
 * Removes a new run directory that nothing was written to (the run failed before its first
 * checkpoint), and points `runs/latest` back at the newest run left, or removes the link when
 * none is left, so that `--resume` never follows it into nothing. A directory with files stays.
 */
export async function discardEmptyRun(outDir: string): Promise<void> {
  try {
    await rmdir(outDir);
  } catch {
    return;
  }
  const link = await readlink(latestRunLink).catch(() => undefined);
  if (link === undefined || path.basename(link) !== path.basename(outDir)) return;
  const left = (await readdir(runsDir)).filter((entry) => /^run-\d+$/.test(entry)).sort();
  const newest = left[left.length - 1];
  if (newest === undefined) await rm(latestRunLink, { force: true }).catch(() => undefined);
  else await pointLatestAt(newest);
}

/** Replaces the `runs/latest` link by rename; leaves alone a real directory there (an older version's run). */
async function pointLatestAt(name: string): Promise<void> {
  const temporary = path.join(runsDir, `.latest-${process.pid}`);
  try {
    await rm(temporary, { force: true });
    await symlink(name, temporary);
    await rename(temporary, latestRunLink);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    process.stderr.write(
      `Note: ${latestRunLink} was not pointed at ${name} (${(error as Error).message}); ` +
        `name the run with --out ${path.join(runsDir, name)} to resume it.\n`,
    );
  }
}

/** The run `--resume` without `--out` continues: where `runs/latest` points. */
export async function newestRun(): Promise<string> {
  const entry = await lstat(latestRunLink).catch(() => undefined);
  if (entry === undefined) {
    throw new UsageError(`--resume without --out continues the newest run, ${latestRunLink}, and there is none; name the run with --out DIR`, 'train');
  }
  if (!entry.isSymbolicLink()) return latestRunLink; // a run an older version wrote there
  return path.relative(process.cwd(), await realpath(latestRunLink)) || '.';
}

