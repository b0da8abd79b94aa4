// The runtimes the subset runs on, each taken from the npm registry and installed with
// `npm install --prefix` into a cache folder (not the workspace), and how each runs a script.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const nodePackage = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;

/**
 * Node.js 20.19.0 is the oldest release `engines` accepts (the machine's Node.js 20 runs the
 * whole suite); 22 and 24 are the newest of their LTS lines.
 * `spec`: what npm installs; `bin`: the binary it links in node_modules/.bin; `cli`: whether the
 * CLI end-to-end steps run on it (the `addrnn` command is published for Node.js).
 * Deno reads the consumer's package.json and its node_modules folder as they are
 * (`--node-modules-dir=manual`) and needs every permission (files, workers, environment).
 */
export const RUNTIMES = [
  { id: 'node20.19', spec: `${nodePackage}@20.19.0`, bin: 'node', cli: true, args: [] },
  { id: 'node22', spec: `${nodePackage}@22`, bin: 'node', cli: true, args: [] },
  { id: 'node24', spec: `${nodePackage}@24`, bin: 'node', cli: true, args: [] },
  { id: 'bun', spec: 'bun@1', bin: 'bun', cli: false, args: [] },
  { id: 'deno', spec: 'deno@2', bin: 'deno', cli: false, args: ['run', '--allow-all', '--node-modules-dir=manual'] },
];

export const npmEnvironment = {
  ...process.env,
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_update_notifier: 'false',
  NO_COLOR: '1',
};

/**
 * Runs a command and resolves to its output and time; rejects with both streams when it fails
 * or runs past `timeoutSeconds`.
 * @returns {Promise<{ stdout: string, stderr: string, seconds: number }>}
 */
export function runCommand(command, args, { cwd, timeoutSeconds = 300, env = npmEnvironment } = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, encoding: 'utf8', timeout: timeoutSeconds * 1000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const seconds = (performance.now() - started) / 1000;
      if (!error) return resolve({ stdout, stderr, seconds });
      const why = error.killed ? `killed after ${timeoutSeconds} s` : `exit ${error.code ?? error.signal}`;
      reject(new Error(`${[command, ...args].join(' ')} (${why}, in ${cwd}):\n${stdout}${stderr}`.trimEnd(), { cause: error }));
    });
  });
}

/**
 * Installs one runtime under `cacheDirectory/<id>` (npm reuses what is there when it is still
 * the newest of its major version) and resolves to its binary and the version it reports.
 */
export async function installRuntime(runtime, cacheDirectory) {
  const prefix = join(cacheDirectory, runtime.id);
  const install = await runCommand('npm', ['install', '--prefix', prefix, '--no-package-lock', '--no-save', '--loglevel=error', runtime.spec], {
    cwd: cacheDirectory,
  });
  const binary = join(prefix, 'node_modules', '.bin', runtime.bin);
  if (!existsSync(binary)) throw new Error(`npm install ${runtime.spec} left no ${binary}`);
  const { stdout } = await runCommand(binary, ['--version'], { cwd: cacheDirectory });
  const version = stdout.match(/\d+\.\d+\.\d+/)?.[0];
  if (!version) throw new Error(`${binary} --version printed no version: ${stdout}`);
  return { ...runtime, binary, version, installSeconds: install.seconds };
}

/** Runs `script` (a file in `project`) on an installed runtime. */
export function runScript(installed, script, project, timeoutSeconds) {
  return runCommand(installed.binary, [...installed.args, script], { cwd: project, timeoutSeconds });
}
