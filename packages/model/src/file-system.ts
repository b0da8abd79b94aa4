import { InvalidArgumentError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
// node:fs is imported on first use, and only through `#platform` (package.json "imports"), whose
// browser side names no Node.js module: code that never touches a directory (a browser that
// trains without checkpoints) bundles without stubs.
import { loadFs, loadFsPromises } from '#platform';
import { openRegularNodeFile, type RegularFile } from './read-regular-file.js';

export type { RegularFile } from './read-regular-file.js';

/** What `lstat` tells about a path. */
export interface EntryKind {
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
  /** A symbolic link (not followed). */
  isSymbolicLink: boolean;
  /** Its size in bytes. */
  size: number;
}

/**
 * The file-system operations that saving and loading models and checkpoints use, behind one
 * small interface: every mutation goes through here, so that a test can record their order or
 * make one fail as a crash would. `nodeFileSystem()` is the real one.
 */
export interface DiskFileSystem {
  /** Creates a directory; its parents must exist unless `recursive`. */
  mkdir(directory: string, options?: { recursive?: boolean }): Promise<void>;
  /** Creates or truncates `file` and writes `data` (not yet durable: call `fsync`). */
  writeFile(file: string, data: Uint8Array | string): Promise<void>;
  /** Flushes a file's data, or a directory's entries, to the disk. */
  fsync(path: string): Promise<void>;
  /** Moves `from` to `to` in one step, replacing a file (not a non-empty directory) at `to`. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a directory tree; a missing path is not an error. */
  remove(path: string): Promise<void>;
  /** Names in a directory; throws with `code` 'ENOENT' when it does not exist. */
  readdir(directory: string): Promise<string[]>;
  /** What is at `path`, without following a symbolic link; undefined when nothing is. */
  lstat(path: string): Promise<EntryKind | undefined>;
  /**
   * Opens a regular file for reading, never a link, device, directory or pipe (those throw
   * UnreadableFileError); errors of the open itself (ENOENT) pass through.
   */
  openRegularFile(file: string): Promise<RegularFile>;
}

let nodeFileSystemPromise: Promise<DiskFileSystem> | undefined;

/** The real file system (node:fs); rejects with PlatformUnsupportedError outside Node.js. */
export function nodeFileSystem(): Promise<DiskFileSystem> {
  nodeFileSystemPromise ??= createNodeFileSystem();
  // A failed load (the browser build) is not cached, so the error is thrown at each call.
  nodeFileSystemPromise.catch(() => (nodeFileSystemPromise = undefined));
  return nodeFileSystemPromise;
}

async function createNodeFileSystem(): Promise<DiskFileSystem> {
  const [fs, { constants }] = await Promise.all([loadFsPromises(), loadFs()]);
  return {
    async mkdir(directory, options) {
      await fs.mkdir(directory, { recursive: options?.recursive ?? false });
    },
    writeFile: (file, data) => fs.writeFile(file, data),
    async fsync(path) {
      // Read-only is enough: fsync flushes the inode's data, whichever descriptor asks.
      const handle = await fs.open(path, constants.O_RDONLY);
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    rename: (from, to) => fs.rename(from, to),
    remove: (path) => fs.rm(path, { recursive: true, force: true }),
    readdir: (directory) => fs.readdir(directory),
    async lstat(path) {
      try {
        const stats = await fs.lstat(path);
        return { isFile: stats.isFile(), isDirectory: stats.isDirectory(), isSymbolicLink: stats.isSymbolicLink(), size: stats.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    openRegularFile: (file) => openRegularNodeFile(fs, file),
  };
}

/** Throws InvalidArgumentError unless `value` is a usable path. */
export function checkDirectoryArgument(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.includes('\0')) {
    throw new InvalidArgumentError(`${name} must be a non-empty string (a directory path) without NUL characters, got ${describeValue(value)}`);
  }
  return value;
}
