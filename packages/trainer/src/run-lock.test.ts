// The run directory's lock, against real processes: a live child process holds it, a child
// killed with SIGKILL leaves it stale. The two-`addrnn train` tests are in apps/cli/test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointError, RunLockedError } from './errors.js';
import type { StartInfo, TrainOptions } from './options.js';
import { LOCK_FILE_NAME, lockRun } from './run-lock.js';
import { train } from './train.js';

const tiny: TrainOptions = {
  preset: 'keras',
  task: { digits: 1 },
  model: { hiddenSize: 4 },
  batchSize: 16,
  epochs: 1,
  examplesPerEpoch: 32,
  validationSize: 8,
  backend: 'cpu',
  threads: 1,
};

/** A child process that lives until it is killed. */
async function startChild(): Promise<{ child: ChildProcess; pid: number; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise((resolve, reject) => child.on('spawn', resolve).on('error', reject));
  return { child, pid: child.pid!, exited };
}

/** The id of a process that was killed with SIGKILL (and reaped): no process has it now. */
async function deadPid(): Promise<number> {
  const { child, pid, exited } = await startChild();
  child.kill('SIGKILL');
  await exited;
  return pid;
}

/** A lock file as a run of process `pid` writes it. */
function lockText(pid: number, host = hostname()): string {
  return `${JSON.stringify({ pid, host, startedAt: '2026-05-01T10:00:00.000Z', token: 'x' })}\n`;
}

const directories: string[] = [];
let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'addrnn-lock-'));
  directories.push(outDir);
});
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('lockRun', () => {
  it('creates outDir/.lock naming this process, refuses a second lock, and removes the file on release', async () => {
    const lock = await lockRun(outDir);
    const file = join(outDir, LOCK_FILE_NAME);
    expect(lock.file).toBe(file);
    expect(lock.tookOverFrom).toBeUndefined();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });

    const refused = await lockRun(outDir).catch((error: unknown) => error);
    expect(RunLockedError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 'RUN_LOCKED', outDir, lockFile: file, holder: { pid: process.pid, host: hostname() } });
    expect((refused as Error).message).toMatch(
      new RegExp(`^${escape(outDir)} is in use: process ${process.pid} is training there \\(since [0-9T:.-]+Z\\) and holds ${escape(file)}\\.`),
    );

    await lock.release();
    await lock.release();
    expect(await readdir(outDir)).toEqual([]);
    await (await lockRun(outDir)).release();
  });

  it("refuses a lock held by another live process, naming it, and takes it over once that process is killed", async () => {
    const { child, pid, exited } = await startChild();
    const file = join(outDir, LOCK_FILE_NAME);
    await writeFile(file, lockText(pid));
    try {
      await expect(lockRun(outDir)).rejects.toMatchObject({ code: 'RUN_LOCKED', holder: { pid } });
      await expect(lockRun(outDir)).rejects.toThrow(`process ${pid} is training there`);
      expect(await readFile(file, 'utf8')).toBe(lockText(pid));
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const lock = await lockRun(outDir);
    expect(lock.tookOverFrom).toEqual({ pid, host: hostname(), startedAt: '2026-05-01T10:00:00.000Z' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(await readdir(outDir)).toEqual([]);
  });

  it('lets exactly one of many runs that find the same stale lock take it over', async () => {
    const file = join(outDir, LOCK_FILE_NAME);
    const stale = lockText(await deadPid());
    for (let round = 0; round < 10; round += 1) {
      await writeFile(file, stale);
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => lockRun(outDir)));
      const held = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as RunLockedError] : []));
      expect(held).toHaveLength(1);
      expect(held[0]!.tookOverFrom?.pid).toBe(JSON.parse(stale).pid);
      expect(refused).toHaveLength(7);
      for (const error of refused) expect(error).toMatchObject({ code: 'RUN_LOCKED', holder: { pid: process.pid } });
      await held[0]!.release();
      expect(await readdir(outDir)).toEqual([]);
    }
  });

  it('refuses a lock from another host, which it cannot check, and one that names no process', async () => {
    const file = join(outDir, LOCK_FILE_NAME);
    await writeFile(file, lockText(await deadPid(), 'other-machine'));
    await expect(lockRun(outDir)).rejects.toThrow(
      new RegExp(`^${escape(outDir)} is locked by process \\d+ on host other-machine \\(since 2026-05-01T10:00:00.000Z\\), which cannot be checked from ${escape(hostname())}; wait for that run to finish, or if no training run is using ${escape(outDir)}, delete ${escape(file)}\\.$`),
    );
    await writeFile(file, '');
    await expect(lockRun(outDir)).rejects.toMatchObject({
      code: 'RUN_LOCKED',
      holder: undefined,
      message: `${outDir} is locked by a training run that is starting (${file} names no process yet); if no training run is using ${outDir}, delete ${file}.`,
    });
    expect(await readFile(file, 'utf8')).toBe('');
  });
});

describe('train and the run lock', () => {
  it('refuses a new run and a resume while another process holds outDir, then takes the lock over from it killed', { timeout: 120_000 }, async () => {
    const { child, pid, exited } = await startChild();
    await writeFile(join(outDir, LOCK_FILE_NAME), lockText(pid));
    try {
      await expect(train({ ...tiny, outDir })).rejects.toMatchObject({ code: 'RUN_LOCKED', holder: { pid } });
      await expect(train({ ...tiny, outDir, resume: true })).rejects.toThrow(RunLockedError);
      expect(await readdir(outDir)).toEqual([LOCK_FILE_NAME]);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    let started: StartInfo | undefined;
    const result = await train({ ...tiny, outDir, callbacks: { onStart: (info) => (started = info) } });
    result.model.dispose();
    expect(started?.staleLock).toEqual({ pid, host: hostname(), startedAt: '2026-05-01T10:00:00.000Z', file: join(outDir, LOCK_FILE_NAME) });
    expect((await readdir(outDir)).sort()).toEqual(['best', 'latest']);
  });

  it('releases the lock when a run fails, is aborted, or finishes', { timeout: 120_000 }, async () => {
    await expect(train({ ...tiny, outDir, resume: true })).rejects.toThrow(CheckpointError);
    expect(await readdir(outDir)).toEqual([]);

    const controller = new AbortController();
    const aborted = await train({ ...tiny, outDir, epochs: 3, signal: controller.signal, callbacks: { onBatchEnd: () => controller.abort() } });
    aborted.model.dispose();
    expect(aborted.stoppedBecause).toBe('aborted');
    expect((await readdir(outDir)).sort()).toEqual(['latest']);

    const resumed = await train({ ...tiny, outDir, resume: true, epochs: 1 });
    resumed.model.dispose();
    expect((await readdir(outDir)).sort()).toEqual(['best', 'latest']);
  });

  it('takes no lock for a resume of a directory that does not exist', async () => {
    const missing = join(outDir, 'missing');
    await expect(train({ ...tiny, outDir: missing, resume: true })).rejects.toThrow(`cannot resume: ${missing} does not exist`);
    expect(await readdir(outDir)).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
