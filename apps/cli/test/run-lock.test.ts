// One run per directory, with real processes: two `addrnn train --out DIR` started at once, a
// `--resume` and a `train()` beside a running one, and a run killed with SIGKILL whose stale lock
// the next `--resume` takes over. Runs the built dist/main.js (build first).
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { train } from '@addrnn/trainer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, runCli, type CliRun } from './run-cli.js';

/** A run far longer than the test: it ends by a signal. A checkpoint every 64 examples. */
const long = [
  '--digits', '1',
  '--hidden', '4',
  '--epochs', '1000',
  '--examples-per-epoch', '1024',
  '--validation-size', '8',
  '--backend', 'cpu',
  '--threads', '1',
  '--checkpoint-every', '64',
];

interface Started {
  pid: number;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<CliRun>;
}

/** `addrnn train ARGS` in the background (runCli waits for the end; these runs are stopped). */
function startTrain(args: readonly string[]): Started {
  const { DEBUG: _debug, npm_lifecycle_event: _script, ...env } = process.env;
  const child = spawn(process.execPath, [main, 'train', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { pid: child.pid!, kill: (signal) => child.kill(signal), exited };
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Waits until `file` exists (or `run` ended, which fails the test). */
async function waitFor(file: string, run: Started): Promise<void> {
  let ended: CliRun | undefined;
  void run.exited.then((result) => (ended = result));
  for (;;) {
    if (await readFile(file).then(() => true, () => false)) return;
    if (ended !== undefined) throw new Error(`the run ended before ${file} appeared: ${ended.stderr}`);
    await sleep(20);
  }
}

describe('addrnn train: one run per directory', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'addrnn-lock-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('of two runs started at once in one --out, one trains and the other is refused naming its process id', { timeout: 300_000 }, async () => {
    const out = path.join(directory, 'twice');
    const runs = [startTrain([...long, '--out', out]), startTrain([...long, '--out', out])];
    // The refused one ends on its own; the other trains until it is stopped.
    const first = await Promise.race(runs.map((run, index) => run.exited.then((result) => ({ index, result }))));
    const refused = first.result;
    const holder = runs[1 - first.index]!;
    expect(refused.code, refused.stderr).toBe(1);
    const lock = path.join(out, '.lock');
    expect(refused.stderr).toContain(`addrnn: ${out} is in use: process ${holder.pid} is training there (since `);
    expect(refused.stderr).toContain(`and holds ${lock}.`);
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: holder.pid });

    // While it trains: a --resume of its run is refused, and so is train() in this process, with the code.
    await waitFor(path.join(out, 'latest', 'trainer-state.json'), holder);
    const resume = await runCli(['train', '--resume', '--out', out]);
    expect(resume.code, resume.stderr).toBe(1);
    expect(resume.stderr).toContain(`addrnn: ${out} is in use: process ${holder.pid} is training there`);
    await expect(train({ outDir: out, resume: true })).rejects.toMatchObject({ code: 'RUN_LOCKED', holder: { pid: holder.pid } });

    // Ctrl-C: it saves a checkpoint, releases the lock and exits.
    holder.kill('SIGINT');
    const stopped = await holder.exited;
    expect(stopped.code, stopped.stderr).toBe(130);
    // best only if an epoch ended by then.
    expect((await readdir(out)).filter((entry) => entry !== 'best')).toEqual(['latest']);
  });

  it('--resume of a run killed with SIGKILL takes over its stale lock, says so, and leaves no lock behind', { timeout: 300_000 }, async () => {
    const out = path.join(directory, 'killed');
    const killed = startTrain([...long, '--out', out]);
    await waitFor(path.join(out, 'latest', 'trainer-state.json'), killed);
    killed.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    const lock = path.join(out, '.lock');
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: killed.pid });

    const { epoch } = JSON.parse(await readFile(await killedState(out), 'utf8')) as { epoch: number };
    const resumed = await runCli(['train', '--resume', '--out', out, '--epochs', String(epoch + 1)]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(
      new RegExp(`^Took over ${escape(lock)} from process ${killed.pid}, which held it since \\S+ and is no longer running\\.$`, 'm'),
    );
    expect((await readdir(out)).sort()).toEqual(['best', 'latest']);
  });
});

/**
 * The trainer state the kill left: `latest`'s, or, when the kill came between the two renames of
 * a checkpoint swap, that of the `latest.old-*` the swap had renamed away (what `--resume` recovers).
 */
async function killedState(out: string): Promise<string> {
  const entries = await readdir(out);
  const folder = entries.includes('latest') ? 'latest' : entries.find((entry) => entry.startsWith('latest.old-'));
  if (folder === undefined) throw new Error(`neither latest nor latest.old-* in ${out}: ${entries.join(', ')}`);
  return path.join(out, folder, 'trainer-state.json');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
