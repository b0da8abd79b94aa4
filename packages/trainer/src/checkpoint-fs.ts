import { AddrnnError } from '@addrnn/codec';
// The file-system calls checkpoints are made of, behind one small interface, so that a test
// can record their order or make one of them fail as a crash would. node:fs is imported on
// first use, so that `train` without `outDir` runs where there is none (a browser Web Worker),
// and only through `#platform` (package.json "imports"), whose browser side names no Node module.
import { loadFs, loadFsPromises } from '#platform';

/** What `lstat` tells the checkpoint code about a path. */
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
 * The file-system operations checkpoints use. Every mutation goes through here, in the order
 * the durability argument needs (see `replaceDirectoryDurably`).
 */
export interface CheckpointFileSystem {
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
   * The bytes of a regular file (never a link, device or pipe), refusing one larger than
   * `maxBytes` before reading it.
   */
  readRegularFile(file: string, maxBytes: number): Promise<Uint8Array>;
}

/** A file that `readRegularFile` refused: why, in words that finish "… because it …". */
export class UnreadableFileError extends AddrnnError {
  constructor(readonly file: string, readonly reason: string) {
    super('UNREADABLE_FILE', `${file} ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

let nodeFileSystem: Promise<CheckpointFileSystem> | undefined;

/** The real file system (node:fs). */
export function defaultFileSystem(): Promise<CheckpointFileSystem> {
  nodeFileSystem ??= createNodeFileSystem();
  return nodeFileSystem;
}

async function createNodeFileSystem(): Promise<CheckpointFileSystem> {
  const [fs, { constants }] = await Promise.all([loadFsPromises(), loadFs()]);
  return {
    async mkdir(directory, options) {
      await fs.mkdir(directory, { recursive: options?.recursive ?? false });
    },
    async writeFile(file, data) {
      await fs.writeFile(file, data);
    },
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
        return {
          isFile: stats.isFile(),
          isDirectory: stats.isDirectory(),
          isSymbolicLink: stats.isSymbolicLink(),
          size: stats.size,
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async readRegularFile(file, maxBytes) {
      // O_NOFOLLOW: a link is refused, not followed; O_NONBLOCK: a FIFO cannot hang the open.
      let handle: Awaited<ReturnType<typeof fs.open>>;
      try {
        handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') throw new UnreadableFileError(file, 'is a symbolic link, not a regular file');
        throw error;
      }
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) throw new UnreadableFileError(file, 'is not a regular file');
        if (stats.size > maxBytes) {
          throw new UnreadableFileError(file, `holds ${stats.size} bytes, more than the ${maxBytes} allowed`);
        }
        const bytes = new Uint8Array(stats.size);
        let offset = 0;
        while (offset < bytes.length) {
          const { bytesRead } = await handle.read(bytes, offset, bytes.length - offset, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
        }
        return offset === bytes.length ? bytes : bytes.subarray(0, offset);
      } finally {
        await handle.close();
      }
    },
  };
}
