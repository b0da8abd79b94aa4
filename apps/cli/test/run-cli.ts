// Runs the built CLI (`node dist/main.js`) as a child process to the end, as a user would.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built entry point; build first (`pnpm test` at the root does). */
export const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `addrnn ARGS` in `cwd` with `input` on stdin; `env` is added to the parent's, minus DEBUG
 * (so no stack traces) and npm_lifecycle_event (so the CLI names itself `addrnn`).
 */
export function runCli(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const { DEBUG: _debug, npm_lifecycle_event: _script, ...env } = process.env;
    const child = spawn(process.execPath, [main, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
