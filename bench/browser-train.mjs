#!/usr/bin/env node
// Browser training throughput: the web app's Train tab training the seed's model (5 digits,
// LSTM 128 encoder + decoder, batch 32, Adam 1e-3) on the wasm backend in its Web Worker, in
// headless Chromium, with the page cross-origin isolated (COOP/COEP headers, as `_headers` asks).
//
//   pnpm --filter web build            # this script builds nothing: it serves apps/web/dist
//   node bench/browser-train.mjs [--warmup 10] [--window 20] [--chromium /usr/bin/chromium]
//                                [--batch 32] [--threads auto|1|2…] (the Train form's fields)
//
// After the first batch and a warm-up, it reads the examples seen that the page reports
// (`#train[data-examples-seen]`, stamped with the page's clock at `data-examples-seen-at`) at
// the start and end of the window and prints one JSON line:
//   {"browserExamplesPerSecond":…, "threads":…, "crossOriginIsolated":…, …}
// `pageExamplesPerSecond` is what the page itself shows (the epoch's average so far, warm-up
// included). The epoch is long (1,000,000 examples) so the window never includes validation.
import { normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDist, launchChromium, requireBuild, serveIsolated } from './browser-app.mjs';

const { values: args } = parseArgs({
  options: {
    warmup: { type: 'string', default: '10' },
    window: { type: 'string', default: '20' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    dist: { type: 'string', default: defaultDist },
    batch: { type: 'string', default: '32' },
    threads: { type: 'string', default: 'auto' },
  },
});
const warmupSeconds = Number(args.warmup);
const windowSeconds = Number(args.window);
const dist = normalize(args.dist);
const seed = { digits: 5, hiddenSize: 128, batchSize: Number(args.batch), learningRate: 0.001, examplesPerEpoch: 1_000_000, epochs: 1 };

const log = (text) => process.stderr.write(`browser-train: ${text}\n`);

await requireBuild(dist, 'browser-train');
const server = await serveIsolated(dist);
const origin = server.origin;
const browser = await launchChromium(args.chromium);
const problems = [];
try {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(`${origin}/#train`);
  // The seed's plain recipe (constant rate, no early stop), then its settings spelled out.
  await page.getByLabel('Preset').selectOption('keras');
  await page.getByLabel('Digits per number').fill(String(seed.digits));
  await page.getByLabel('Examples per epoch').fill(String(seed.examplesPerEpoch));
  await page.getByLabel('Cell').selectOption('lstm');
  await page.getByLabel('Encoder layers').fill('1');
  await page.getByLabel('Decoder layers').fill('1');
  await page.getByLabel('Hidden size').fill(String(seed.hiddenSize));
  await page.getByLabel('Batch size').fill(String(seed.batchSize));
  await page.getByLabel('Epochs').fill(String(seed.epochs));
  await page.getByLabel('Learning rate').fill(String(seed.learningRate));
  await page.getByLabel('Backend').selectOption('wasm');
  // Threads is under "More options".
  if ((await page.locator('#train-more').getAttribute('open')) === null) await page.locator('#train-more > summary').click();
  await page.getByLabel('Threads').selectOption(args.threads);
  await page.getByRole('button', { name: 'Start' }).click();

  const read = () =>
    page.locator('#train').evaluate((view) => ({
      seen: Number(view.dataset.examplesSeen ?? 0),
      at: Number(view.dataset.examplesSeenAt ?? 0),
      perSecond: Number(view.dataset.examplesPerSecond ?? 0),
      threads: Number(view.dataset.threads ?? 0),
      isolated: view.dataset.crossOriginIsolated === 'true',
      state: document.querySelector('#train-state')?.textContent ?? '',
      error: document.querySelector('#train-error')?.textContent ?? '',
      backend: document.querySelector('#train-backend')?.textContent ?? '',
    }));
  const deadline = Date.now() + 180_000;
  let now = await read();
  while (now.seen === 0) {
    if (now.state === 'Training failed.') throw new Error(`training failed in the page: ${now.error}`);
    if (Date.now() > deadline) throw new Error('no training progress within 180 s');
    await page.waitForTimeout(250);
    now = await read();
  }
  log(`training started (${now.backend}); warming up ${warmupSeconds} s`);
  await page.waitForTimeout(warmupSeconds * 1000);
  const start = await read();
  log(`measuring ${windowSeconds} s`);
  await page.waitForTimeout(windowSeconds * 1000);
  const end = await read();
  if (end.state === 'Training failed.') throw new Error(`training failed in the page: ${end.error}`);
  if (end.at <= start.at) throw new Error('the page reported no progress during the window');
  await page.getByRole('button', { name: 'Stop' }).click();
  const result = {
    browserExamplesPerSecond: Math.round(((end.seen - start.seen) / (end.at - start.at)) * 1000),
    threads: end.threads,
    crossOriginIsolated: end.isolated,
    pageExamplesPerSecond: Math.round(end.perSecond),
    examples: end.seen - start.seen,
    seconds: Number(((end.at - start.at) / 1000).toFixed(2)),
    backend: 'wasm',
    batchSize: seed.batchSize,
    hiddenSize: seed.hiddenSize,
    digits: seed.digits,
    chromium: browser.version(),
    problems,
  };
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await server.close();
}
