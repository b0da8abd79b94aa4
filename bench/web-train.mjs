#!/usr/bin/env node
// The headline run in the browser: the web app's Train tab in headless Chromium, served with
// COOP/COEP (cross-origin isolated), the `default` preset with no other change (the seed's model
// to 99.9 % of 10,000 held-out questions), Start, and the wall time to each target (97 %, 99 %,
// 99.9 %) and of the whole run. With --compare-cli it then runs `addrnn train` (the built CLI,
// the same preset, a temporary run directory) on the same machine, one after the other, and
// prints both times and the ratio (browser / CLI).
//
//   pnpm bench:web-train                           # builds everything, then both runs (many minutes)
//   node bench/web-train.mjs [--compare-cli] [--no-write] [--backend wasm] [--timeout MINUTES] [--chromium PATH] [--dist DIR]
//   smoke test: node bench/web-train.mjs --compare-cli --digits 2 --warmup 0 --evaluate-every 2000 --target 0.5
//
// The overrides (--digits, --target, --evaluate-every, --warmup, --epochs, --validation-size)
// change the same field in the page and the same flag of the CLI; a run with any of them leaves
// BENCHMARKS.md alone. Wall times count from the Start click (the CLI: from its spawn) to the
// page showing the report (the CLI: printing its record), start-up included on both sides; the
// trainer's own training time (`elapsedSeconds` of its reports) is printed beside them.
// The page is opened with `?backend=wasm` (`--backend` to change it): headless Chromium has only
// software WebGL, on which validation runs several times slower than on wasm.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flag, option, root, writeBenchmarksBlock } from './bench-common.mjs';
import { defaultDist, launchChromium, requireBuild, serveIsolated } from './browser-app.mjs';

const log = (text) => process.stderr.write(`web-train: ${text}\n`);
const overrides = [
  // [option, the page's field label, the CLI's flag]
  ['digits', 'Digits per number', 'digits'],
  ['epochs', 'Epochs', 'epochs'],
  ['warmup', 'Warm-up examples', 'warmup-examples'],
  ['evaluate-every', 'Evaluate every (examples)', 'evaluate-every'],
  ['validation-size', 'Validation size', 'validation-size'],
  ['target', 'Target accuracy (stop early)', 'target-accuracy'],
]
  .map(([name, label, cliFlag]) => ({ name, label, cliFlag, value: option(name, undefined) }))
  .filter((entry) => entry.value !== undefined);
const timeoutMinutes = Number(option('timeout', '60'));
const backend = option('backend', 'wasm');
const dist = normalize(option('dist', defaultDist));
const cliMain = join(root, 'apps/cli/dist/main.js');
// The trainer's own targets (97 %, 99 %, 99.9 %), from the built package; the page also reports a stop target.
const { ACCURACY_TARGETS } = await import(pathToFileURL(join(root, 'packages/trainer/dist/index.js')).href);
const seconds = (value) => (value === undefined ? '–' : `${value.toFixed(1)} s`);
const percent = (accuracy) => `${Number((accuracy * 100).toFixed(2))} %`;

/** The page's run: wall time to each target report and to the end, and the trainer's times. */
async function browserRun() {
  await requireBuild(dist, 'web-train');
  const server = await serveIsolated(dist);
  const browser = await launchChromium(option('chromium', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'));
  const problems = [];
  try {
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.goto(`${server.origin}/?backend=${encodeURIComponent(backend)}#train`);
    await page.getByLabel('Preset').selectOption('default');
    if (overrides.length > 0) {
      await page.locator('#train-more > summary').click();
      for (const { label, value } of overrides) await page.getByLabel(label, { exact: true }).fill(value);
    }
    const startedAt = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Start' }).click();
    log(`browser: started (page ${server.origin}, cross-origin isolated: ${await page.evaluate(() => crossOriginIsolated)})`);
    const handle = await page.waitForFunction(
      () => {
        const view = document.querySelector('#train');
        if (document.querySelector('#train-state')?.textContent === 'Training failed.') return { failed: document.querySelector('#train-error')?.textContent ?? '' };
        if (!view?.dataset.stoppedBecause) return false;
        return {
          endedAt: performance.now(),
          stoppedBecause: view.dataset.stoppedBecause,
          trainerSeconds: Number(view.dataset.runSeconds),
          examples: Number(view.dataset.runExamples),
          threads: Number(view.dataset.threads),
          examplesPerSecond: Number(view.dataset.examplesPerSecond),
          backend: document.querySelector('#train-backend')?.textContent ?? '',
          targets: [...document.querySelectorAll('#train-target-list li')].map((row) => ({
            accuracy: Number(row.dataset.accuracy),
            state: row.dataset.state,
            examples: row.dataset.examples === undefined ? undefined : Number(row.dataset.examples),
            trainerSeconds: row.dataset.elapsedSeconds === undefined ? undefined : Number(row.dataset.elapsedSeconds),
            shownAt: row.dataset.pageMs === undefined ? undefined : Number(row.dataset.pageMs),
          })),
        };
      },
      undefined,
      { timeout: timeoutMinutes * 60_000, polling: 200 },
    );
    const end = await handle.jsonValue();
    if (end.failed !== undefined) throw new Error(`training failed in the page: ${end.failed}`);
    return {
      wallSeconds: (end.endedAt - startedAt) / 1000,
      trainerSeconds: end.trainerSeconds,
      stoppedBecause: end.stoppedBecause,
      examples: end.examples,
      threads: end.threads,
      examplesPerSecond: Math.round(end.examplesPerSecond),
      backend: end.backend,
      targets: end.targets.map(({ shownAt, ...target }) => ({ ...target, wallSeconds: shownAt === undefined ? undefined : (shownAt - startedAt) / 1000 })),
      chromium: browser.version(),
      problems,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** `addrnn train` with the same preset and overrides in a temporary run directory. */
function cliRun() {
  if (!existsSync(cliMain)) throw new Error(`no CLI build at ${cliMain}: run \`pnpm build\` first`);
  const out = mkdtempSync(join(tmpdir(), 'addrnn-web-train-'));
  const args = [cliMain, 'train', '--preset', 'default', '--json', '--out', join(out, 'run'), ...overrides.flatMap(({ cliFlag, value }) => [`--${cliFlag}`, value])];
  log(`cli: node ${args.map((arg) => arg.replace(root + '/', '')).join(' ')}`);
  const startedAt = performance.now();
  const targets = new Map();
  let last;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    // The human-readable log (stderr with --json) passes through; its closing lines say why the run stopped.
    let stoppedBecause = 'epochs';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      if (/^Reached the target accuracy/m.test(String(chunk))) stoppedBecause = 'target';
    });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines.filter((text) => text.startsWith('{'))) {
        const record = JSON.parse(line);
        last = record;
        for (const report of record.targets ?? []) {
          if (!targets.has(report.accuracy)) targets.set(report.accuracy, { ...report, wallSeconds: (performance.now() - startedAt) / 1000 });
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(out, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`addrnn train exited with ${code}`));
      resolve({
        wallSeconds: (performance.now() - startedAt) / 1000,
        stoppedBecause,
        trainerSeconds: last?.elapsedSeconds,
        examples: last?.examplesSeen,
        targets: [...targets.values()].map(({ accuracy, examplesSeen, elapsedSeconds, wallSeconds }) => ({ accuracy, examples: examplesSeen, trainerSeconds: elapsedSeconds, wallSeconds })),
      });
    });
  });
}

function describeTargets(targets) {
  return targets
    .filter((target) => target.wallSeconds !== undefined && ACCURACY_TARGETS.includes(target.accuracy))
    .map((target) => `${percent(target.accuracy)} after ${target.examples.toLocaleString('en')} examples, ${seconds(target.wallSeconds)} (trainer ${seconds(target.trainerSeconds)})`)
    .join('; ') || `none of ${ACCURACY_TARGETS.map(percent).join(', ')} reached`;
}

const browser = await browserRun();
log(`browser: ${browser.stoppedBecause} after ${browser.examples.toLocaleString('en')} examples, ${seconds(browser.wallSeconds)} wall, on ${browser.threads} threads`);
const cli = flag('compare-cli') ? await cliRun() : undefined;
const result = { overrides: Object.fromEntries(overrides.map(({ name, value }) => [name, value])), browser, ...(cli ? { cli, ratio: Number((browser.wallSeconds / cli.wallSeconds).toFixed(3)) } : {}) };
console.log(JSON.stringify(result));

const lines = [
  `Command: \`node bench/web-train.mjs${flag('compare-cli') ? ' --compare-cli' : ''}\` (\`pnpm bench:web-train\`)  `,
  `Date: ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, Chromium ${browser.chromium}, git ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim()}  `,
  '',
  '| run | wall time, whole run | trainer time | examples | stopped | targets (wall time from start) |',
  '| --- | ---: | ---: | ---: | --- | --- |',
  `| browser (Train tab, ${backend}, ${browser.threads} threads, ${browser.examplesPerSecond.toLocaleString('en')} examples/s at the end) | ${seconds(browser.wallSeconds)} | ${seconds(browser.trainerSeconds)} | ${browser.examples.toLocaleString('en')} | ${browser.stoppedBecause} | ${describeTargets(browser.targets)} |`,
  ...(cli ? [`| \`addrnn train\` | ${seconds(cli.wallSeconds)} | ${seconds(cli.trainerSeconds)} | ${cli.examples?.toLocaleString('en') ?? '–'} | ${cli.stoppedBecause} | ${describeTargets(cli.targets)} |`] : []),
  ...(cli ? ['', `Browser / CLI, whole run: ${result.ratio}×`] : []),
];
console.log(`\n${lines.join('\n')}`);
if (overrides.length === 0 && !flag('no-write')) writeBenchmarksBlock('web-train', lines.join('\n'), 'Browser training: the headline run');
