import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoverReplacedDirectory, replaceDirectory, writeDirectoryAtomically, writeFileIn } from './directory-swap.js';
import { nodeFileSystem, type DiskFileSystem } from './file-system.js';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'addrnn-swap-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The real file system, recording each mutating call with paths relative to `root`. */
async function recording(calls: string[]): Promise<DiskFileSystem> {
  const real = await nodeFileSystem();
  const name = (path: string) => (relative(root, path) || '.').replace(/-[a-z0-9]+-[a-z0-9]+$/, '-*');
  return {
    ...real,
    mkdir: async (directory, options) => (calls.push(`mkdir ${name(directory)}`), real.mkdir(directory, options)),
    writeFile: async (file, data) => (calls.push(`write ${name(file)}`), real.writeFile(file, data)),
    fsync: async (path) => (calls.push(`fsync ${name(path)}`), real.fsync(path)),
    rename: async (from, to) => (calls.push(`rename ${name(from)} ${name(to)}`), real.rename(from, to)),
    remove: async (path) => (calls.push(`remove ${name(path)}`), real.remove(path)),
  };
}

async function directoryWith(path: string, text: string): Promise<void> {
  await mkdir(path);
  await writeFile(join(path, 'file.txt'), text);
}

describe('replaceDirectory', () => {
  it('swaps by renames only, fsyncing the parent around each rename when asked', async () => {
    await directoryWith(join(root, 'target'), 'old');
    await directoryWith(join(root, 'source'), 'new');
    const calls: string[] = [];
    await replaceDirectory(join(root, 'source'), join(root, 'target'), { fileSystem: await recording(calls), fsync: true });
    expect(calls).toEqual(['fsync .', 'rename target target.old-*', 'fsync .', 'rename source target', 'fsync .', 'remove target.old-*', 'fsync .']);
    expect(await readFile(join(root, 'target', 'file.txt'), 'utf8')).toBe('new');
    expect(await readdir(root)).toEqual(['target']);

    // Without fsync (saveModel) the same renames, nothing else; a missing target is no error.
    calls.length = 0;
    await directoryWith(join(root, 'fresh'), 'first');
    await replaceDirectory(join(root, 'fresh'), join(root, 'absent'), { fileSystem: await recording(calls) });
    expect(calls).toEqual(['rename fresh absent']);
  });
});

describe('writeDirectoryAtomically', () => {
  it('stages, fsyncs every file and the directory, then swaps it in', async () => {
    const calls: string[] = [];
    const fileSystem = await recording(calls);
    const target = join(root, 'checkpoint');
    const fill = async (staging: string, fs: DiskFileSystem) => {
      await writeFileIn(fs, staging, 'a.bin', new Uint8Array([1, 2]), true);
      await writeFileIn(fs, staging, 'b.json', '{}', true);
    };
    await writeDirectoryAtomically(target, fill, { fileSystem, fsync: true, staging: join(root, '.staging-x-1-2') });
    expect(calls).toEqual([
      'mkdir .staging-x-*',
      'write .staging-x-1-2/a.bin',
      'fsync .staging-x-1-2/a.bin',
      'write .staging-x-1-2/b.json',
      'fsync .staging-x-1-2/b.json',
      'fsync .staging-x-*',
      'fsync .',
      'rename .staging-x-* checkpoint',
      'fsync .',
    ]);
    expect((await readdir(target)).sort()).toEqual(['a.bin', 'b.json']);
  });

  it('removes its staging directory and leaves the old one when writing fails', async () => {
    await directoryWith(join(root, 'model'), 'old');
    const failing = async (staging: string, fs: DiskFileSystem) => {
      await writeFileIn(fs, staging, 'half.bin', 'x', false);
      throw new Error('disk full');
    };
    await expect(writeDirectoryAtomically(join(root, 'model'), failing)).rejects.toThrow('disk full');
    expect(await readdir(root)).toEqual(['model']);
    expect(await readFile(join(root, 'model', 'file.txt'), 'utf8')).toBe('old');
  });
});

describe('recoverReplacedDirectory', () => {
  it('puts back the newest old copy of a missing target and sweeps the rest', async () => {
    await directoryWith(join(root, 'latest.old-maaa-111111'), 'older');
    await directoryWith(join(root, 'latest.old-mbbb-222222'), 'newest');
    await directoryWith(join(root, 'latest.saving-mccc-333333'), 'half');
    await directoryWith(join(root, 'other'), 'untouched');
    const actions = await recoverReplacedDirectory(join(root, 'latest'), await readdir(root), { fsync: true });
    expect(actions).toEqual(['restored latest from latest.old-mbbb-222222', 'removed latest.old-maaa-111111', 'removed latest.saving-mccc-333333']);
    expect((await readdir(root)).sort()).toEqual(['latest', 'other']);
    expect(await readFile(join(root, 'latest', 'file.txt'), 'utf8')).toBe('newest');
  });

  it('keeps a whole target and removes an old copy left beside it', async () => {
    await directoryWith(join(root, 'best'), 'current');
    await directoryWith(join(root, 'best.old-maaa-111111'), 'stale');
    expect(await recoverReplacedDirectory(join(root, 'best'), await readdir(root))).toEqual(['removed best.old-maaa-111111']);
    expect(await readFile(join(root, 'best', 'file.txt'), 'utf8')).toBe('current');
  });
});
