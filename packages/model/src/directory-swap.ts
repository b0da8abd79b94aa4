import { loadPath } from '#platform';
import { checkDirectoryArgument, nodeFileSystem, type DiskFileSystem } from './file-system.js';

/** How a directory is replaced: on which file system, and whether each step is made durable. */
export interface ReplaceOptions {
  /** @default nodeFileSystem() */
  fileSystem?: DiskFileSystem;
  /**
   * Make each step durable: every rename is preceded and followed by an fsync of the parent
   * directory, and a staged directory is fsynced before it moves (checkpoints). @default false
   */
  fsync?: boolean;
}

/** A name part no two writers share: the time in base 36 first, so that later ones sort last. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Puts the directory `source` where `target` is, by renames only: the old `target` is renamed
 * to `target.old-*`, `source` renamed into place, and the old one removed last. A process
 * killed in between leaves `target.old-*` whole, which `recoverReplacedDirectory` puts back.
 */
export async function replaceDirectory(source: string, target: string, options: ReplaceOptions = {}): Promise<void> {
  checkDirectoryArgument(source, 'source');
  checkDirectoryArgument(target, 'target');
  const fs = options.fileSystem ?? (await nodeFileSystem());
  const parent = (await loadPath()).dirname(target);
  const sync = options.fsync === true ? () => fs.fsync(parent) : () => Promise.resolve();
  const old = `${target}.old-${uniqueSuffix()}`;
  await sync();
  const moved = (await fs.lstat(target)) !== undefined;
  if (moved) {
    await fs.rename(target, old);
    await sync();
  }
  await fs.rename(source, target);
  await sync();
  if (moved) {
    await fs.remove(old);
    await sync();
  }
}

/**
 * Writes `target` as one unit: `fill` writes into a fresh staging directory (`staging`, else a
 * sibling `target.saving-*`), which then replaces `target` by `replaceDirectory`. A crash at any
 * point leaves the old directory or the new one (possibly as `target.old-*`), never a mix; the
 * staging directory is removed when anything fails.
 */
export async function writeDirectoryAtomically(
  target: string,
  fill: (staging: string, fileSystem: DiskFileSystem) => Promise<void>,
  options: ReplaceOptions & { staging?: string } = {},
): Promise<void> {
  const fs = options.fileSystem ?? (await nodeFileSystem());
  const staging = options.staging ?? `${target}.saving-${uniqueSuffix()}`;
  try {
    await fs.mkdir(staging);
    await fill(staging, fs);
    if (options.fsync === true) await fs.fsync(staging);
    await replaceDirectory(staging, target, { ...options, fileSystem: fs });
  } catch (error) {
    // Best effort: a crashed file system may refuse this too; a later recovery sweeps it.
    await fs.remove(staging).catch(() => undefined);
    throw error;
  }
}

/** Writes `data` to `directory/name`, then fsyncs it when `fsync`. */
export async function writeFileIn(fs: DiskFileSystem, directory: string, name: string, data: Uint8Array | string, fsync: boolean): Promise<void> {
  const file = (await loadPath()).join(directory, name);
  await fs.writeFile(file, data);
  if (fsync) await fs.fsync(file);
}

/**
 * Repairs what a crash during `replaceDirectory` can leave beside `target`: puts `target` back
 * from the newest `target.old-*` when it is missing, then removes the other `.old-*` copies and
 * any `target.saving-*` staging directory. Returns what it did, in words, for a log. `entries`
 * are the names in `target`'s parent directory.
 */
export async function recoverReplacedDirectory(target: string, entries: readonly string[], options: ReplaceOptions = {}): Promise<string[]> {
  const fs = options.fileSystem ?? (await nodeFileSystem());
  const path = await loadPath();
  const parent = path.dirname(target);
  const name = path.basename(target);
  const actions: string[] = [];
  // Suffixes start with the time in base 36, so the newest sorts last.
  const old = entries.filter((entry) => entry.startsWith(`${name}.old-`)).sort();
  const newest = old[old.length - 1];
  if (newest !== undefined && !entries.includes(name)) {
    await fs.rename(path.join(parent, newest), target);
    if (options.fsync === true) await fs.fsync(parent);
    old.pop();
    actions.push(`restored ${name} from ${newest}`);
  }
  const debris = [...old, ...entries.filter((entry) => entry.startsWith(`${name}.saving-`))];
  for (const entry of debris) {
    await fs.remove(path.join(parent, entry));
    actions.push(`removed ${entry}`);
  }
  if (debris.length > 0 && options.fsync === true) await fs.fsync(parent);
  return actions;
}
