#!/usr/bin/env node
// The runtime subset: what a user does with the published packages, on Node.js 20.19.0 (the
// oldest `engines` allows), 22 and 24, Bun and Deno; the full suite runs on the machine's
// Node.js. The packed tarballs go into one fresh project outside the workspace; on each
// runtime, taken from the npm registry:
//   consumer    both pretrained adders answer on wasm; a small train() on the kernel, 2 threads
//   checkpoint  train 2 epochs with outDir, resume to 3: same losses and weights as 3 in one go
//   cli         (Node.js) addrnn train, train --resume, info, predict, eval
// Prints each runtime's version, backend, kernel, threads and timings; exits 1 on any failure.
//
//   node test/runtimes/run-subset.mjs [--keep] [node20.19 node22 node24 bun deno]   (default: all)
//
// It builds first (turbo; cached after `pnpm test`), and needs the npm registry. Runtimes are
// installed under $ADDRNN_RUNTIMES_CACHE (default node_modules/.cache/addrnn-runtimes).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packTarballs } from '../packaging/pack-tarballs.mjs';
import { runCliSteps } from './cli-steps.mjs';
import { installRuntime, RUNTIMES, runCommand, runScript } from './runtimes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const tfjs = ['@tensorflow/tfjs@4.22.0', '@tensorflow/tfjs-backend-wasm@4.22.0'];
const scripts = ['consumer.mjs', 'checkpoint.mjs', 'check.mjs'];

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const asked = args.filter((arg) => !arg.startsWith('--'));
const unknown = asked.filter((id) => !RUNTIMES.some((runtime) => runtime.id === id));
if (unknown.length > 0) {
  console.error(`run-subset: unknown runtime ${unknown.join(', ')}; expected any of ${RUNTIMES.map((runtime) => runtime.id).join(', ')}`);
  process.exit(2);
}
const runtimes = asked.length > 0 ? RUNTIMES.filter((runtime) => asked.includes(runtime.id)) : RUNTIMES;
const seconds = (value) => (value === undefined ? '-' : `${value.toFixed(1)} s`);
function lastReport(output) {
  const line = output.split('\n').findLast((text) => text.startsWith('report: '));
  if (line === undefined) throw new Error(`the script printed no "report: " line:\n${output}`);
  return JSON.parse(line.slice('report: '.length));
}

// What runs on each runtime. `run` throws on a failure and returns the line to print; `result.gets`
// records the backend, training implementation and threads the runtime got.
const steps = [
  {
    name: 'consumer',
    async run(installed, project, result) {
      const { predict, train, runtime } = lastReport((await runScript(installed, 'consumer.mjs', project, 300)).stdout);
      result.gets = `${train.backend}, ${train.implementation}, ${train.threads} threads`;
      result.finalLoss = train.finalLoss;
      const skipped = predict.skipped.length > 0 ? ` (skipped ${predict.skipped.join(', ')})` : '';
      return `${runtime}: both adders answer on ${predict.backend}${skipped}; train() on ${result.gets}`;
    },
  },
  {
    name: 'checkpoint',
    async run(installed, project) {
      const { backend, implementation, threads } = lastReport((await runScript(installed, 'checkpoint.mjs', project, 300)).stdout).checkpoint;
      return `2 epochs saved, resumed to 3 on ${backend}, ${implementation}, ${threads} threads: the losses and weights of one uninterrupted run`;
    },
  },
  {
    name: 'cli',
    when: (runtime) => runtime.cli,
    async run(installed, project) {
      const { backend, threads, seconds: took } = await runCliSteps(installed, project);
      const parts = Object.entries(took).map(([name, value]) => `${name} ${seconds(value)}`);
      const [, name] = backend.match(/^Backend: (\w+)/);
      const [, kernel] = backend.match(/kernel: ([^(·]+?)\s*(?:\(|·|$)/) ?? [, 'none named'];
      return `addrnn train, train --resume, info, predict, eval (${parts.join(', ')}); start lines: ${name}, kernel ${kernel}, ${threads.replace(/ \(.*/, '').replace('Threads: ', '')} threads`;
    },
  },
];

async function runOn(runtime, install, project) {
  const result = { id: runtime.id, times: {}, failures: [] };
  if (install.status === 'rejected') {
    result.failures.push('install');
    console.log(`\n${runtime.id}: npm install ${runtime.spec} FAILED\n${install.reason.message}`);
    return result;
  }
  const installed = install.value;
  Object.assign(result, { version: installed.version, install: installed.installSeconds });
  console.log(`\n${runtime.id}: ${runtime.bin} ${installed.version} (npm ${runtime.spec}, installed in ${seconds(installed.installSeconds)})`);
  for (const step of steps.filter((candidate) => candidate.when?.(runtime) ?? true)) {
    const stepStarted = performance.now();
    try {
      const line = await step.run(installed, project, result);
      result.times[step.name] = (performance.now() - stepStarted) / 1000;
      console.log(`  ${step.name.padEnd(10)} ${seconds(result.times[step.name]).padStart(7)}  ${line}`);
    } catch (error) {
      result.times[step.name] = (performance.now() - stepStarted) / 1000;
      result.failures.push(step.name);
      console.log(`  ${step.name.padEnd(10)} FAILED after ${seconds(result.times[step.name])}\n${error.message.replace(/^/gm, '    ')}`);
    }
  }
  return result;
}

function printSummary(results, totalSeconds) {
  const table = [['runtime', 'version', 'install', ...steps.map((step) => step.name), 'backend, training, threads', 'result']];
  for (const result of results) {
    const outcome = result.failures.length === 0 ? 'ok' : `FAILED: ${result.failures.join(', ')}`;
    table.push([result.id, result.version ?? '-', seconds(result.install), ...steps.map((step) => seconds(result.times[step.name])), result.gets ?? '-', outcome]);
  }
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  console.log(`\n${table.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n')}`);
  // Not a check (a runtime may round differently), but worth seeing: the kernel and the seeded
  // data are the same everywhere, so the same loss says every runtime trained the same model.
  const losses = new Set(results.filter((result) => result.finalLoss !== undefined).map((result) => result.finalLoss));
  if (losses.size > 0) console.log(`train() final loss: ${losses.size === 1 ? `${[...losses][0]} on every runtime` : results.map((result) => `${result.id} ${result.finalLoss}`).join(', ')}`);
  const failed = results.filter((result) => result.failures.length > 0).map((result) => result.id);
  console.log(`runtime subset: ${failed.length === 0 ? 'all passed' : `${failed.join(', ')} FAILED`} in ${seconds(totalSeconds)} (installs run in parallel)`);
  return failed.length === 0;
}

const started = performance.now();
const workDirectory = mkdtempSync(join(tmpdir(), 'addrnn-runtimes-'));
const results = [];
let setupFailed = false;
try {
  const buildStarted = performance.now();
  await runCommand('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, timeoutSeconds: 1200 });
  const packStarted = performance.now();
  const tarballs = [...packTarballs(join(workDirectory, 'tarballs')).values()];
  console.log(`built in ${seconds((packStarted - buildStarted) / 1000)}, packed ${tarballs.length} tarballs in ${seconds((performance.now() - packStarted) / 1000)}`);
  const project = join(workDirectory, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'runtime-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  for (const script of scripts) copyFileSync(join(here, script), join(project, script));

  const cacheDirectory = process.env.ADDRNN_RUNTIMES_CACHE ?? join(root, 'node_modules', '.cache', 'addrnn-runtimes');
  mkdirSync(cacheDirectory, { recursive: true });
  // The optional tfjs-node is left out: the subset checks the wasm backend and the kernel, which
  // is what every runtime gets without the native addon.
  const [projectInstall, ...installs] = await Promise.allSettled([
    runCommand('npm', ['install', '--no-package-lock', '--omit=optional', '--loglevel=error', ...tarballs, ...tfjs], { cwd: project, timeoutSeconds: 900 }),
    ...runtimes.map((runtime) => installRuntime(runtime, cacheDirectory)),
  ]);
  if (projectInstall.status === 'rejected') throw projectInstall.reason;
  console.log(`consumer project (the tarballs, ${tfjs.join(', ')}) installed in ${seconds(projectInstall.value.seconds)}`);
  for (const [index, runtime] of runtimes.entries()) results.push(await runOn(runtime, installs[index], project));
} catch (error) {
  setupFailed = true;
  console.log(`\nsetup FAILED\n${error.message}`);
} finally {
  if (keep) console.log(`\nkept ${workDirectory}`);
  else rmSync(workDirectory, { recursive: true, force: true });
}
const passed = printSummary(results, (performance.now() - started) / 1000);
process.exit(passed && !setupFailed ? 0 : 1);
