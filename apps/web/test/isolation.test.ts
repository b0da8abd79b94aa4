import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, type PageWatch } from './browser.js';
import { crossOriginIsolationHeaders, serveStatic, type StaticServer } from './static-server.js';

const distRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

let isolatedServer: StaticServer;
let plainServer: StaticServer;
let browser: Browser;
let context: BrowserContext | undefined;
let watch: PageWatch | undefined;

beforeAll(async () => {
  if (!existsSync(join(distRoot, 'index.html'))) {
    throw new Error(`no production build at ${distRoot}: run \`pnpm --filter web build\` first (the root \`pnpm test\` builds it)`);
  }
  isolatedServer = await serveStatic(distRoot, { headers: crossOriginIsolationHeaders });
  plainServer = await serveStatic(distRoot);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await isolatedServer?.close();
  await plainServer?.close();
});

afterEach(async () => {
  // No console errors, no uncaught errors (in the page or its workers), no request leaving the origin.
  const problems = watch?.problems ?? [];
  await context?.close();
  context = undefined;
  watch = undefined;
  expect(problems).toEqual([]);
});

async function open(server: StaticServer, path: string, serviceWorkers: 'allow' | 'block'): Promise<Page> {
  context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers });
  watch = await openPage(context, server.origin);
  await watch.page.goto(`${server.origin}/${path}`);
  return watch.page;
}

/** The page's crossOriginIsolated; undefined while a reload is replacing the page. */
function isolated(page: Page): Promise<boolean | undefined> {
  return page.evaluate(() => crossOriginIsolated).catch(() => undefined);
}

describe('cross-origin isolation (production build in Chromium)', () => {
  it('trains on wasm in the worker when served with COOP/COEP headers', { timeout: 180_000 }, async () => {
    const page = await open(isolatedServer, '#train', 'block');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
    const train = page.locator('#train');
    expect(await train.getAttribute('data-cross-origin-isolated')).toBe('true');
    expect(await page.locator('#train-threads').textContent()).toMatch(/^Cross-origin isolated: training uses \d+ threads?/);

    await page.getByLabel('Preset').selectOption('keras');
    await page.getByLabel('Digits per number').fill('2');
    await page.getByLabel('Examples per epoch').fill('100000');
    await page.getByLabel('Hidden size').fill('32');
    await page.getByLabel('Batch size').fill('32');
    await page.getByLabel('Epochs').fill('1');
    await page.getByLabel('Backend').selectOption('wasm');
    await page.getByRole('button', { name: 'Start' }).click();

    // At least one batch reported by the worker (examples seen), or a failure, whichever comes first.
    const seen = async () => Number((await train.getAttribute('data-examples-seen')) ?? 0);
    const failed = async () => (await page.locator('#train-state').textContent()) === 'Training failed.';
    await expect.poll(async () => (await failed()) || (await seen()) > 0, { timeout: 150_000 }).toBe(true);
    expect(await page.locator('#train-error').isVisible() ? await page.locator('#train-error').textContent() : '').toBe('');
    expect(await seen()).toBeGreaterThan(0);
    expect(await page.locator('#train-backend').textContent()).toMatch(/^Backend: wasm\./);
    expect(await page.locator('#train-speed').textContent()).toMatch(/[\d,]+ examples\/s/);
    expect(Number(await train.getAttribute('data-examples-per-second'))).toBeGreaterThan(0);
    // The worker's own report: isolated there too, and the thread count train() used.
    expect(await train.getAttribute('data-cross-origin-isolated')).toBe('true');
    // The kernel splits each batch over Web Workers: two threads from 32 examples, where two cores exist.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(Number(await train.getAttribute('data-threads'))).toBe(Math.min(cores, 2));
    console.info(`isolated training on wasm: ${await page.locator('#train-speed').textContent()} ${await page.locator('#train-threads').textContent()}`);

    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.locator('#train-state').textContent(), { timeout: 60_000 }).toMatch(/^Training stopped (after \d+ epochs?|in epoch \d+) \(/);
  });

  it('isolates itself with its service worker on a host that sends no headers, and reloads once', { timeout: 120_000 }, async () => {
    const page = await open(plainServer, '?backend=wasm#train', 'allow');
    await expect.poll(() => isolated(page), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.evaluate(() => window.addrnnIsolation)).toBe('isolated');
    expect(plainServer.requests).toContain('/coi-sw.js');
    // One reload: the document itself was fetched twice, not more.
    expect(plainServer.requests.filter((path) => path === '/').length).toBe(2);
    expect(await page.locator('#train').getAttribute('data-cross-origin-isolated')).toBe('true');
    // The page's own wasm backend starts under isolation (the single-threaded binary) and answers.
    await expect.poll(() => page.locator('#model-answer').textContent(), { timeout: 60_000 }).toBe('596');
    expect(await page.locator('#backend').textContent()).toBe('wasm');
  });

  it('says training falls back to one thread when the page is not isolated', async () => {
    const page = await open(plainServer, '#train', 'block');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(await page.locator('#train-threads').textContent()).toBe(
      'This page is not cross-origin isolated, so training falls back to one thread.',
    );
    const train = page.locator('#train');
    expect(await train.getAttribute('data-cross-origin-isolated')).toBe('false');
    expect(await train.getAttribute('data-threads')).toBe('1');
  });
});
