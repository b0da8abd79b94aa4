// `addrnn train` never overwrites a run: numbered run directories, --out guarded by
// --resume/--force, and a damaged checkpoint reported as such. Runs the built dist/main.js.
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './run-cli.js';

const tiny = ['--digits', '1', '--hidden', '4', '--epochs', '1', '--examples-per-epoch', '64', '--backend', 'cpu', '--threads', '1'];

function cli(args: readonly string[], cwd: string): Promise<CliRun> {
  return runCli(args, { cwd });
}

describe('addrnn train run directories', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'addrnn-runs-'));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('gives each run without --out its own numbered directory and points runs/latest at the newest', { timeout: 180_000 }, async () => {
    const first = await cli(['train', ...tiny], cwd);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Run directory: runs\/run-001$/m);
    expect(first.stdout).toContain('addrnn predict --model runs/run-001/best');
    // The validation split of 1-digit '+' is tiny: the note comes from the trainer's onStart.
    expect(first.stderr).toMatch(/^Note: the validation split of this task holds only \d distinct questions; validating on all of them\.$/m);
    const firstBest = await readFile(path.join(cwd, 'runs', 'run-001', 'best', 'weights.bin'));

    const second = await cli(['train', ...tiny, '--seed', '2'], cwd);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Run directory: runs\/run-002$/m);
    expect((await readdir(path.join(cwd, 'runs'))).sort()).toEqual(['latest', 'run-001', 'run-002']);
    expect(await readlink(path.join(cwd, 'runs', 'latest'))).toBe('run-002');
    // The first run's model is untouched.
    expect(await readFile(path.join(cwd, 'runs', 'run-001', 'best', 'weights.bin'))).toEqual(firstBest);

    // --resume without --out continues the newest run.
    const resumed = await cli(['train', '--resume', '--epochs', '2'], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^Resuming runs\/run-002\/latest after epoch 1 \(64 examples\);/m);
    expect(resumed.stdout).toContain('train --resume --out runs/run-002 --epochs 12');
  });

  it('removes a new run that fails before its first checkpoint and points runs/latest back at the newest run left', { timeout: 180_000 }, async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'addrnn-runs-failed-'));
    try {
      // No run yet: the failed one leaves neither a directory nor a link behind.
      const refused = await cli(['train', '--architecture', 'aligned', '--operators', '+*', '--backend', 'cpu'], fresh);
      expect(refused.code).toBe(2);
      expect(await readdir(path.join(fresh, 'runs'))).toEqual([]);
      const first = await cli(['train', ...tiny], fresh);
      expect(first.code, first.stderr).toBe(0);
      // A later failure: runs/run-002 goes, and runs/latest points at run-001 again, so --resume works.
      const failed = await cli(['train', '--architecture', 'aligned', '--operators', '+*', '--backend', 'cpu'], fresh);
      expect(failed.code).toBe(2);
      expect((await readdir(path.join(fresh, 'runs'))).sort()).toEqual(['latest', 'run-001']);
      expect(await readlink(path.join(fresh, 'runs', 'latest'))).toBe('run-001');
      const resumed = await cli(['train', '--resume', '--epochs', '2'], fresh);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/^Resuming runs\/run-001\/latest after epoch 1/m);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('refuses a new run in an --out that holds one, unless --resume or --force', { timeout: 180_000 }, async () => {
    const out = 'mine';
    expect((await cli(['train', ...tiny, '--out', out], cwd)).code).toBe(0);
    const best = await readFile(path.join(cwd, out, 'best', 'weights.bin'));

    const again = await cli(['train', ...tiny, '--out', out, '--seed', '3'], cwd);
    // The command line has to change: a usage error.
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^addrnn: mine already holds a training run; .*Continue it with: addrnn train --resume --out mine; replace it with --force;/m,
    );
    expect(again.stderr).not.toMatch(/looks like a bug/);
    expect(await readFile(path.join(cwd, out, 'best', 'weights.bin'))).toEqual(best);

    const forced = await cli(['train', ...tiny, '--out', out, '--seed', '3', '--force'], cwd);
    expect(forced.code, forced.stderr).toBe(0);
    const state = JSON.parse(await readFile(path.join(cwd, out, 'latest', 'trainer-state.json'), 'utf8')) as { options: { seed: number } };
    expect(state.options.seed).toBe(3);
  });

  it('reports a trainer-state.json without optimizer as a damaged checkpoint, not as a bug', { timeout: 180_000 }, async () => {
    const out = 'damaged';
    expect((await cli(['train', ...tiny, '--out', out], cwd)).code).toBe(0);
    const file = path.join(cwd, out, 'latest', 'trainer-state.json');
    const state = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    delete state.optimizer;
    await writeFile(file, JSON.stringify(state));
    const run = await cli(['train', '--resume', '--out', out, '--epochs', '2'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^addrnn: cannot resume: .*trainer-state\.json is damaged or not an addrnn trainer state: optimizer must be an object, got nothing/m);
    expect(run.stderr).not.toMatch(/looks like a bug/);
  });

  it('checks --checkpoint-every, and --resume against --force, before any work', async () => {
    const bad = await cli(['train', '--checkpoint-every', 'soon'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--checkpoint-every takes seconds \(90s\), minutes \(2m\), a whole number of examples \(100000\) or "epoch", got "soon"/);
    const both = await cli(['train', '--resume', '--force'], cwd);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--resume and --force contradict each other/);
  });
});
