import { nodeFileSystem, type DiskFileSystem } from '@addrnn/model/internal';

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

/** A regular file opened for reading by `CheckpointFileSystem.openRegularFile`. */
export interface CheckpointFile {
  /** The path it was opened by. */
  readonly path: string;
  /** Its size in bytes when it was opened. */
  readonly size: number;
  /** Reads up to `length` bytes at `position` of the file into `target` at `offset`; resolves to the bytes read (0 at the end). */
  read(target: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  /** Closes it. */
  close(): Promise<void>;
}

/**
 * The file-system operations checkpoints use: every mutation goes through here, in the order
 * the durability argument needs, so that a test can record that order or make one call fail as
 * a crash would (`TrainOptions.fileSystem`). It is the interface of the model's on-disk module,
 * which writes and reads the checkpoints (the type check below keeps the two one shape).
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
   * Opens a regular file for reading, never through a link and never a device, directory or
   * pipe (those are refused before a byte is read); an error of the open itself (ENOENT) passes through.
   */
  openRegularFile(file: string): Promise<CheckpointFile>;
}

// The trainer's documented name for the model's DiskFileSystem: each must be assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<CheckpointFileSystem, DiskFileSystem> = true;
void sameShape;

/** The real file system (node:fs), loaded on first use. */
export function defaultFileSystem(): Promise<CheckpointFileSystem> {
  return nodeFileSystem();
}
