// A real `addrnn train` (the built dist/main.js) killed with SIGKILL again and again, at random
// moments and in the middle of checkpoint writes, and resumed each time, must end with exactly
// the weights of a run that was never interrupted. Build first (`pnpm test` at the root does).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Small and single-threaded: 6 epochs of 32 batches, a checkpoint every 3 batches. */
const runArguments = [
  '--digits', '2',
  '--hidden', '8',
  '--batch-size', '32',
  '--epochs', '6',
  '--examples-per-epoch', '1024',
  '--validation-size', '50',
  '--backend', 'cpu',
  '--threads', '1',
  '--seed', '7',
  '--checkpoint-every', '96', // checkpointEvery
];
const checkpointEvery = 96;
const wantedKills = 12;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function start(args: readonly string[]): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const { DEBUG: _debug, ...env } = process.env;
  const child = spawn(process.execPath, [main, 'train', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}

/** Examples the checkpoint in `out/latest` has seen; undefined while there is none (or it is being swapped). */
async function checkpointedExamples(out: string): Promise<number | undefined> {
  try {
    const state = JSON.parse(await readFile(path.join(out, 'latest', 'trainer-state.json'), 'utf8')) as { examplesSeen: number };
    return state.examplesSeen;
  } catch {
    return undefined;
  }
}

async function entries(directory: string): Promise<string[]> {
  return readdir(directory).catch(() => []);
}

/** What must come out the same: the bytes of the weights and of Adam's state, and the epoch logs without times. */
async function outcome(out: string) {
  const state = JSON.parse(await readFile(path.join(out, 'latest', 'trainer-state.json'), 'utf8')) as {
    examplesSeen: number;
    stream: unknown;
    best: unknown;
    history: { epoch: number; loss: number; exactMatch: number; validation: unknown; learningRate: number }[];
  };
  return {
    latestWeights: await readFile(path.join(out, 'latest', 'weights.bin')),
    optimizer: await readFile(path.join(out, 'latest', 'optimizer.bin')),
    bestWeights: await readFile(path.join(out, 'best', 'weights.bin')),
    examplesSeen: state.examplesSeen,
    stream: state.stream,
    best: state.best,
    history: state.history.map(({ epoch, loss, exactMatch, validation, learningRate }) => ({ epoch, loss, exactMatch, validation, learningRate })),
  };
}

describe('addrnn train killed with SIGKILL and resumed, again and again', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'addrnn-kill-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it(`ends with the same bytes as an uninterrupted run (${wantedKills} kills)`, { timeout: 900_000 }, async () => {
    const straightOut = path.join(directory, 'straight');
    const straight = await start([...runArguments, '--out', straightOut]).exited;
    expect(straight.code, straight.stderr).toBe(0);

    const out = path.join(directory, 'killed');
    let kills = 0;
    let killsDuringWrite = 0;
    let launches = 0;
    for (;;) {
      launches += 1;
      expect(launches, 'the run never finished').toBeLessThan(wantedKills * 4);
      const resume = (await entries(out)).some((entry) => entry === 'latest' || entry.startsWith('latest.old-'));
      const { child, exited } = start(resume ? ['--resume', '--out', out, '--checkpoint-every', String(checkpointEvery)] : [...runArguments, '--out', out]);
      let finished = false;
      void exited.then(() => (finished = true));
      if (kills < wantedKills) {
        // Kill only after this launch has saved at least one checkpoint of its own, so that
        // every launch makes progress however slow the machine is.
        const before = (await checkpointedExamples(out)) ?? 0;
        while (!finished && ((await checkpointedExamples(out)) ?? 0) <= before) await sleep(2);
        if (!finished) {
          if (kills % 2 === 0) {
            // In the middle of the next checkpoint write: as soon as its staging directory shows.
            while (!finished && !(await entries(out)).some((entry) => entry.startsWith('.staging-'))) await sleep(0);
          } else {
            // At a random moment, counted in the run's progress rather than in milliseconds (a
            // fixed delay covers more batches the faster the machine, and the run could end
            // before every kill): after 0 or 1 more checkpoints, then 0-3 ms.
            const from = (await checkpointedExamples(out)) ?? 0;
            const more = Math.floor(Math.random() * 2);
            while (!finished && ((await checkpointedExamples(out)) ?? 0) < from + more * checkpointEvery) await sleep(1);
            await sleep(Math.floor(Math.random() * 4));
          }
          if (!finished && child.kill('SIGKILL')) {
            const { signal } = await exited;
            if (signal === 'SIGKILL') {
              kills += 1;
              if ((await entries(out)).some((entry) => entry.startsWith('.staging-') || entry.includes('.old-'))) killsDuringWrite += 1;
              continue;
            }
          }
        }
      }
      const result = await exited;
      expect(result.code, result.stderr).toBe(0);
      break;
    }
    expect(kills).toBeGreaterThanOrEqual(wantedKills);
    expect(killsDuringWrite).toBeGreaterThan(0);
    const [killed, uninterrupted] = await Promise.all([outcome(out), outcome(straightOut)]);
    expect(killed.history).toHaveLength(6);
    expect(killed.latestWeights.equals(uninterrupted.latestWeights), 'latest/weights.bin differs').toBe(true);
    expect(killed.optimizer.equals(uninterrupted.optimizer), 'latest/optimizer.bin differs').toBe(true);
    expect(killed.bestWeights.equals(uninterrupted.bestWeights), 'best/weights.bin differs').toBe(true);
    expect(killed).toEqual(uninterrupted);
    expect((await entries(out)).sort()).toEqual(['best', 'latest']);
  });
});
