// The start lines of `addrnn train`. The schedule: a budget shorter than the preset's schedule
// scales it down, and says so. The backend line where tfjs-node is not installed (here: the
// optional dependency is present without its native addon, as a failed install leaves it): a few
// words and no path; the load error only with DEBUG=addrnn. Runs the built dist/main.js (build first).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_TRAIN_OPTIONS } from '@addrnn/trainer/presets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const tiny = ['--digits', '1', '--hidden', '4', '--epochs', '1', '--examples-per-epoch', '64', '--threads', '1'];

/** The line that starts with `prefix`. */
function lineOf(output: string, prefix: string): string {
  return output.split('\n').find((line) => line.startsWith(prefix)) ?? `(no line starting with ${prefix} in)\n${output}`;
}

const count = (value: number) => value.toLocaleString('en-US');

describe('addrnn train start line', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'addrnn-start-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('fits the preset\'s schedule to a shorter budget, says so, and resumes it as saved', { timeout: 240_000 }, async () => {
    const out = path.join(directory, 'scaled');
    const { warmupExamples: presetWarmup, decayExamples: presetDecay } = DEFAULT_TRAIN_OPTIONS;
    // 64 examples: the default preset's warm-up and decay, scaled by 64 / its decay.
    const warmup = Math.round((presetWarmup! * 64) / presetDecay!);
    const fresh = await runCli(['train', ...tiny, '--out', out]);
    expect(fresh.code, fresh.stderr).toBe(0);
    const start = lineOf(fresh.stdout, 'Training: ');
    expect(start).toContain(
      `over 64 examples, warm-up over ${warmup} examples ` +
        `(preset schedule scaled to the 64-example budget: warm-up ${count(presetWarmup!)} → ${warmup}, decay ${count(presetDecay!)} → 64)`,
    );
    const state = JSON.parse(await readFile(path.join(out, 'latest', 'trainer-state.json'), 'utf8')) as { options: Record<string, unknown> };
    expect(state.options).toMatchObject({ warmupExamples: warmup, decayExamples: 64 });

    // Resumed with a larger budget, the run keeps the schedule it saved, and scales nothing.
    const resumed = await runCli(['train', '--resume', '--out', out, '--epochs', '2']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const again = lineOf(resumed.stdout, 'Run: ');
    expect(again).toContain(`up to 2 epochs of 64 examples (128)`);
    expect(again).toContain(`over 64 examples, warm-up over ${warmup} examples`);
    expect(again).not.toContain('scaled');

    // A warm-up given on the command line is kept; only the preset's decay is scaled.
    const given = await runCli(['train', ...tiny, '--warmup-examples', '16', '--out', path.join(directory, 'given')]);
    expect(given.code, given.stderr).toBe(0);
    expect(lineOf(given.stdout, 'Training: ')).toContain(
      `over 64 examples, warm-up over 16 examples (preset schedule scaled to the 64-example budget: decay ${count(presetDecay!)} → 64)`,
    );
  });

  it('says that tfjs-node is not installed in a few words, with no path; DEBUG=addrnn adds its load error', { timeout: 180_000 }, async () => {
    const quiet = await runCli(['train', ...tiny, '--out', path.join(directory, 'quiet')]);
    expect(quiet.code, quiet.stderr).toBe(0);
    const line = /^Backend: .*$/m.exec(quiet.stdout)?.[0];
    // Where tfjs-node is installed and loads, the line names it and there is nothing to say.
    if (line?.startsWith('Backend: tensorflow')) return;
    expect(line).toMatch(/^Backend: wasm \(auto; tfjs-node not installed\) · kernel: /);
    expect(line).not.toContain('/');
    expect(`${quiet.stdout}${quiet.stderr}`).not.toMatch(/tfjs_binding|node_modules|Cannot find/);

    const debug = await runCli(['train', ...tiny, '--out', path.join(directory, 'debug')], { env: { DEBUG: 'addrnn' } });
    expect(debug.code, debug.stderr).toBe(0);
    expect(debug.stdout).toContain(line);
    expect(debug.stderr).toMatch(
      /^Debug: tfjs-node did not load: (Cannot find (package|module) '@tensorflow\/tfjs-node'|The Node\.js native addon module \(tfjs_binding\.node\) can not be found at path: \/\S+)/m,
    );
  });
});
