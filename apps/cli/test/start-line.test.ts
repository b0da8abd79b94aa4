// The backend line of `addrnn train` where tfjs-node is not installed (here: the optional
// dependency is present without its native addon, as a failed install leaves it): a few words and
// no path; the load error only with DEBUG=addrnn. Runs the built dist/main.js (build first).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const tiny = ['--digits', '1', '--hidden', '4', '--epochs', '1', '--examples-per-epoch', '64', '--threads', '1'];

describe('addrnn train start line', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'addrnn-start-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
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
