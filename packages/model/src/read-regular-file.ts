import { CorruptModelError } from './errors.js';

type Fs = typeof import('node:fs/promises');
type FileHandle = import('node:fs/promises').FileHandle;
type Stats = import('node:fs').Stats;

/** An open regular file and its size as `fstat` gave it when it was opened. */
export interface RegularFile {
  handle: FileHandle;
  size: number;
  path: string;
}

/**
 * Opens `filePath` for reading only if it is a regular file: never through a symbolic link
 * (`O_NOFOLLOW`), never waiting on a FIFO (`O_NONBLOCK`), and checked with `fstat` on the open
 * handle, so /dev/zero, a directory or a FIFO is refused before a byte is read and nothing can
 * be swapped in between the check and the read. `what` names the file in messages. Errors of
 * `open` itself (ENOENT, EACCES) pass through for the caller to word.
 */
export async function openRegularFile(fs: Fs, filePath: string, what: string): Promise<RegularFile> {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  if (O_NOFOLLOW === undefined) {
    // Windows has no O_NOFOLLOW: look at the link itself first.
    if ((await fs.lstat(filePath)).isSymbolicLink()) throw notRegular(what, filePath, 'a symbolic link');
  }
  let handle: FileHandle;
  try {
    handle = await fs.open(filePath, O_RDONLY | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0));
  } catch (error) {
    // O_NOFOLLOW makes open fail with ELOOP on a symbolic link (EMLINK on some BSDs).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw notRegular(what, filePath, 'a symbolic link', error);
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notRegular(what, filePath, kindOf(stats));
    return { handle, size: stats.size, path: filePath };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Fills `target` from the start of an open file; a file that ends early shrank while it was read. */
export async function readExactly(file: RegularFile, target: Uint8Array, what: string): Promise<void> {
  let offset = 0;
  while (offset < target.byteLength) {
    const { bytesRead } = await file.handle.read(target, offset, target.byteLength - offset, offset);
    if (bytesRead === 0) {
      throw new CorruptModelError(
        `${what} "${file.path}" ended after ${offset} of its ${target.byteLength} bytes; it changed while it was read`,
      );
    }
    offset += bytesRead;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(what: string, filePath: string, kind: string, cause?: unknown): CorruptModelError {
  return new CorruptModelError(
    `${what} "${filePath}" is ${kind}; only regular files inside a model directory are read`,
    cause === undefined ? undefined : { cause },
  );
}
