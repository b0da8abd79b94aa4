import { execFileSync } from 'node:child_process';
import * as fsPromises from 'node:fs/promises';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreadableFileError } from './errors.js';
import { nodeFileSystem } from './file-system.js';
import { openRegularNodeFile, readRegularFile } from './read-regular-file.js';

// A regression would hang on /dev/zero or a FIFO: each test carries a timeout that fails it instead.
const TIMEOUT = 30_000;
let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'addrnn-reader-'));
  await writeFile(join(root, 'plain.bin'), new Uint8Array([1, 2, 3, 4, 5]));
  await symlink(join(root, 'plain.bin'), join(root, 'link.bin'));
  await symlink('/dev/zero', join(root, 'zero.bin'));
  await mkdir(join(root, 'directory.bin'));
  execFileSync('mkfifo', [join(root, 'fifo.bin')]);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refusal(read: () => Promise<unknown>): Promise<UnreadableFileError> {
  const error = await read().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(UnreadableFileError.isInstance(error), String(error)).toBe(true);
  return error as UnreadableFileError;
}

describe('the safe reader', () => {
  it('reads a regular file whole, and refuses one larger than allowed from its size', { timeout: TIMEOUT }, async () => {
    const fs = await nodeFileSystem();
    const open = (file: string) => fs.openRegularFile(file);
    expect(Array.from(await readRegularFile(open, join(root, 'plain.bin'), 5))).toEqual([1, 2, 3, 4, 5]);
    const tooLarge = await refusal(() => readRegularFile(open, join(root, 'plain.bin'), 4));
    expect(tooLarge.code).toBe('UNREADABLE_FILE');
    expect(tooLarge.file).toBe(join(root, 'plain.bin'));
    expect(tooLarge.reason).toBe('holds 5 bytes, more than the 4 allowed');
  });

  it('refuses links, directories and FIFOs before a byte is read', { timeout: TIMEOUT }, async () => {
    const fs = await nodeFileSystem();
    const cases: [string, string][] = [
      ['link.bin', 'is a symbolic link, not a regular file'],
      ['zero.bin', 'is a symbolic link, not a regular file'],
      ['directory.bin', 'is a directory, not a regular file'],
      ['fifo.bin', 'is a FIFO (named pipe), not a regular file'],
    ];
    for (const [name, reason] of cases) {
      const error = await refusal(() => readRegularFile((file) => fs.openRegularFile(file), join(root, name), 1 << 20));
      expect(error.message).toBe(`${join(root, name)} ${reason}`);
    }
    await expect(readRegularFile((file) => fs.openRegularFile(file), join(root, 'missing.bin'), 10)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a link where the platform has no O_NOFOLLOW (Windows) by looking at the link first', { timeout: TIMEOUT }, async () => {
    // node:fs itself, with the constants of a platform without O_NOFOLLOW.
    const withoutNoFollow = { ...fsPromises, constants: { ...fsPromises.constants, O_NOFOLLOW: undefined } } as unknown as typeof fsPromises;
    for (const name of ['link.bin', 'zero.bin']) {
      const error = await refusal(() => openRegularNodeFile(withoutNoFollow, join(root, name)));
      expect(error.reason).toBe('is a symbolic link, not a regular file');
    }
    const file = await openRegularNodeFile(withoutNoFollow, join(root, 'plain.bin'));
    expect(file.size).toBe(5);
    await file.close();
  });

  it('refuses a file that shrank after it was opened', { timeout: TIMEOUT }, async () => {
    const path = join(root, 'shrinking.bin');
    await writeFile(path, new Uint8Array(8));
    const error = await refusal(() =>
      readRegularFile(
        async (file) => {
          const opened = await openRegularNodeFile(fsPromises, file);
          await fsPromises.truncate(file, 3);
          return opened;
        },
        path,
        8,
      ),
    );
    expect(error.reason).toBe('ended after 3 of its 8 bytes; it changed while it was read');
  });
});
