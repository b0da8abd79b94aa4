import { UnreadableFileError } from './errors.js';

type Fs = typeof import('node:fs/promises');
type FileHandle = import('node:fs/promises').FileHandle;
type Stats = import('node:fs').Stats;

/** An open regular file and its size as `fstat` gave it when it was opened. */
export interface RegularFile {
  /** The path it was opened by. */
  readonly path: string;
  /** Its size in bytes when it was opened. */
  readonly size: number;
  /** Reads up to `length` bytes at `position` of the file into `target` at `offset`; 0 at the end. */
  read(target: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  /** Closes it. */
  close(): Promise<void>;
}

/**
 * Opens `filePath` for reading only if it is a regular file: never through a symbolic link
 * (`O_NOFOLLOW`; where the platform has none, as on Windows, the link itself is looked at first),
 * never waiting on a FIFO (`O_NONBLOCK`), and checked with `fstat` on the open handle, so
 * /dev/zero, a directory or a FIFO is refused (UnreadableFileError) before a byte is read and
 * nothing can be swapped in between the check and the read. Errors of `open` itself (ENOENT,
 * EACCES) pass through for the caller to word.
 */
export async function openRegularNodeFile(fs: Fs, filePath: string): Promise<RegularFile> {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  if (O_NOFOLLOW === undefined) {
    if ((await fs.lstat(filePath)).isSymbolicLink()) throw notRegular(filePath, 'a symbolic link');
  }
  let handle: FileHandle;
  try {
    handle = await fs.open(filePath, O_RDONLY | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0));
  } catch (error) {
    // O_NOFOLLOW makes open fail with ELOOP on a symbolic link (EMLINK on some BSDs).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw notRegular(filePath, 'a symbolic link', error);
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notRegular(filePath, kindOf(stats));
    return {
      path: filePath,
      size: stats.size,
      read: async (target, offset, length, position) => (await handle.read(target, offset, length, position)).bytesRead,
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Fills `target` from the start of an open file; a file that ends early shrank while it was read. */
export async function readExactly(file: RegularFile, target: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < target.byteLength) {
    const bytesRead = await file.read(target, offset, target.byteLength - offset, offset);
    if (bytesRead === 0) {
      throw new UnreadableFileError(file.path, `ended after ${offset} of its ${target.byteLength} bytes; it changed while it was read`);
    }
    offset += bytesRead;
  }
}

/**
 * The bytes of the regular file `filePath`, opened by `open` (a DiskFileSystem's
 * `openRegularFile`); one larger than `maxBytes` is refused from its size, before it is read.
 */
export async function readRegularFile(
  open: (filePath: string) => Promise<RegularFile>,
  filePath: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const file = await open(filePath);
  try {
    if (file.size > maxBytes) throw new UnreadableFileError(filePath, `holds ${file.size} bytes, more than the ${maxBytes} allowed`);
    const bytes = new Uint8Array(file.size);
    await readExactly(file, bytes);
    return bytes;
  } finally {
    await file.close();
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'something else';
}

function notRegular(filePath: string, kind: string, cause?: unknown): UnreadableFileError {
  return new UnreadableFileError(filePath, `is ${kind}, not a regular file`, cause === undefined ? undefined : { cause });
}
