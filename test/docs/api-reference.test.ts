// The API reference (`pnpm run docs`, TypeDoc with typedoc.json) must build without a single
// warning: every public export of the four packages documented, every {@link} resolved, no
// public signature naming an unexported type. Run here without writing the HTML (--emit none).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const typedoc = fileURLToPath(new URL('../../node_modules/typedoc/bin/typedoc', import.meta.url));

describe('the API reference', () => {
  it('validates: no undocumented public export, broken link or unexported public type', () => {
    const result = spawnSync(process.execPath, [typedoc, '--emit', 'none'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.error, output).toBeUndefined();
    expect(output).not.toMatch(/\[(warning|error)\]/);
    expect(result.status, output).toBe(0);
  }, 300_000);
});
