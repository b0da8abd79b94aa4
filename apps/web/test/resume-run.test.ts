// Runs survive a reload: the production build, served with COOP/COEP (so training uses the
// kernel's threads, as a host with the headers serves it), in Chromium. A run is reloaded in its
// middle, resumed from the checkpoint the worker kept in IndexedDB, and must end with the same
// weights, bit for bit, as the same run left alone in a fresh profile.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, type PageWatch } from './browser.js';
import { crossOriginIsolationHeaders, serveStatic, type StaticServer } from './static-server.js';
import { storedExamplesSeen } from './stored-run-page.js';

const distRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

// 2-digit sums, 3 epochs of 24,000 examples (batches of 32), a checkpoint every 4,000 examples.
const epochs = 3;
const examplesPerEpoch = 24_000;
const checkpointEvery = 4_000;
const path = `?backend=wasm&checkpoint-every=${checkpointEvery}#train`;

let server: StaticServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const watches: PageWatch[] = [];

beforeAll(async () => {
  if (!existsSync(join(distRoot, 'index.html'))) {
    throw new Error(`no production build at ${distRoot}: run \`pnpm --filter web build\` first (the root \`pnpm test\` builds it)`);
  }
  server = await serveStatic(distRoot, { headers: crossOriginIsolationHeaders });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  // No console errors, no uncaught errors (in the page or its workers), no request leaving the origin.
  const problems = watches.flatMap((watch) => watch.problems);
  await Promise.all(contexts.map((context) => context.close()));
  contexts.length = watches.length = 0;
  expect(problems).toEqual([]);
});

/** A page in a fresh profile: its own IndexedDB. */
async function openFresh(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
  contexts.push(context);
  const watch = await openPage(context, server.origin);
  watches.push(watch);
  await watch.page.goto(`${server.origin}/${path}`);
  return watch.page;
}

async function startRun(page: Page): Promise<void> {
  await page.getByLabel('Digits per number').fill('2');
  await page.getByLabel('Examples per epoch').fill(String(examplesPerEpoch));
  await page.getByLabel('Hidden size').fill('16');
  await page.getByLabel('Batch size').fill('32');
  await page.getByLabel('Epochs').fill(String(epochs));
  await page.getByLabel('Learning rate').fill('0.01');
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByRole('button', { name: 'Start' }).click();
}

/** Waits for the run to end, then saves its model in the browser and reads the weights back as base64, with their specs. */
async function finalWeights(page: Page): Promise<{ specs: string; weights: string }> {
  const state = page.locator('#train-state');
  await expect.poll(() => state.textContent(), { timeout: 400_000, interval: 500 }).toMatch(/^Training (finished|failed)/);
  expect(await state.textContent()).toMatch(new RegExp(`^Training finished after ${epochs} epochs`));
  await page.getByRole('button', { name: 'Save to browser' }).click();
  await expect.poll(() => page.locator('#model-status').textContent()).toContain('Saved in this browser');
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('tensorflowjs');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const record = await new Promise<{ modelArtifacts: { weightData: ArrayBuffer; weightSpecs: unknown } }>((resolve, reject) => {
        const request = db.transaction('models_store').objectStore('models_store').get('addrnn');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const bytes = new Uint8Array(record.modelArtifacts.weightData);
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return { specs: JSON.stringify(record.modelArtifacts.weightSpecs), weights: btoa(binary) };
    } finally {
      db.close();
    }
  });
}

/** From now on, the page keeps every value the Train view gives its `data-examples-seen` (one per batch message). */
async function recordExamplesSeen(page: Page): Promise<void> {
  await page.evaluate(() => {
    const train = document.querySelector<HTMLElement>('#train')!;
    const log: number[] = [];
    (window as { examplesSeenLog?: number[] }).examplesSeenLog = log;
    // Each batch message sets the attribute once, so the observer's records are the messages.
    new MutationObserver((records) => {
      for (const record of records) log.push(Number(record.oldValue));
    }).observe(train, { attributeFilter: ['data-examples-seen'], attributeOldValue: true });
  });
}

/** The values recorded by `recordExamplesSeen`, in order, the last one included. */
async function examplesSeenLog(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const log = (window as { examplesSeenLog?: number[] }).examplesSeenLog ?? [];
    const last = document.querySelector<HTMLElement>('#train')!.dataset['examplesSeen'];
    // Each record holds the value before the change: drop the first (from before the run), add the last.
    return [...log.slice(1), Number(last)].filter((count) => Number.isFinite(count) && count > 0);
  });
}

/** The number of points on a chart line (`data-points` of its path). */
async function points(page: Page, selector: string): Promise<number> {
  return Number((await page.locator(selector).getAttribute('data-points')) ?? 0);
}

describe('a run survives a reload (production build in Chromium, COOP/COEP)', () => {
  it('resumes after a reload in the middle of the run and ends with the weights of an uninterrupted run', { timeout: 900_000 }, async () => {
    const total = epochs * examplesPerEpoch;
    const page = await openFresh();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // Nothing stored yet: no offer.
    await expect.poll(() => page.locator('#train-resume-banner').getAttribute('data-stored-run')).toBe('none');
    expect(await page.locator('#train-resume-banner').isHidden()).toBe(true);
    await startRun(page);
    await expect.poll(() => storedExamplesSeen(page), { timeout: 300_000, interval: 100 }).toBeGreaterThan(0);
    const threads = await page.locator('#train').getAttribute('data-threads');
    await page.reload();

    // The offer, announced: the run stopped part way, at a checkpoint.
    const banner = page.locator('#train-resume-banner');
    await expect.poll(() => banner.getAttribute('data-stored-run'), { timeout: 60_000 }).toBe('resumable');
    expect(await banner.isVisible()).toBe(true);
    const saved = await storedExamplesSeen(page);
    expect(saved % checkpointEvery === 0 || saved % examplesPerEpoch === 0).toBe(true);
    expect(saved).toBeLessThan(total);
    const status = page.locator('#train-resume-status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await status.textContent()).toContain(`it was saved at ${saved.toLocaleString('en')} of ${total.toLocaleString('en')} examples`);
    expect(await page.locator('#train-resume-summary').textContent()).toBe(await status.textContent());
    await expect.poll(() => page.getByRole('button', { name: 'Discard run' }).isEnabled()).toBe(true);
    console.info(`reloaded with a checkpoint at ${saved} of ${total} examples (${threads} threads)`);

    await recordExamplesSeen(page);
    await page.getByRole('button', { name: 'Resume run' }).click();
    expect(await banner.isHidden()).toBe(true);
    const resumedWeights = await finalWeights(page);
    // The charts came back as they were at the checkpoint (points up to it), then the run went
    // on from there: the examples seen never went back, as a run started over would.
    const seen = await examplesSeenLog(page);
    expect(seen.filter((count) => count <= saved).length).toBeGreaterThan(0);
    expect(seen.some((count, index) => index > 0 && count <= seen[index - 1]!)).toBe(false);
    expect(seen.at(-1)).toBe(total);
    expect(await points(page, '#chart-loss path.series-batch')).toBe(seen.length);
    expect(await page.locator('#chart-loss .dots.series-train circle').count()).toBe(epochs);
    expect(await page.locator('#train').getAttribute('data-threads')).toBe(threads);
    // A finished run is no longer stored: no offer after another reload.
    expect(await storedExamplesSeen(page)).toBe(0);

    const straight = await openFresh();
    await startRun(straight);
    const straightWeights = await finalWeights(straight);
    expect(await straight.locator('#train').getAttribute('data-threads')).toBe(threads);
    expect(resumedWeights.specs).toBe(straightWeights.specs);
    expect(resumedWeights.weights.length).toBeGreaterThan(1000);
    expect(resumedWeights.weights === straightWeights.weights).toBe(true);
  });

  it('discards the stored run when asked, and offers nothing after the next reload', { timeout: 600_000 }, async () => {
    const page = await openFresh();
    await startRun(page);
    await expect.poll(() => storedExamplesSeen(page), { timeout: 300_000, interval: 100 }).toBeGreaterThan(0);
    await page.reload();
    await expect.poll(() => page.locator('#train-resume-banner').isVisible(), { timeout: 60_000 }).toBe(true);
    await page.getByRole('button', { name: 'Discard run' }).click();
    await expect.poll(() => page.locator('#train-resume-status').textContent()).toBe('Discarded the stored run.');
    expect(await page.locator('#train-resume-banner').isHidden()).toBe(true);
    expect(await storedExamplesSeen(page)).toBe(0);
    await page.reload();
    // The page has read the store and found nothing to offer.
    await expect.poll(() => page.locator('#train-resume-banner').getAttribute('data-stored-run')).toBe('none');
    expect(await page.locator('#train-resume-banner').isHidden()).toBe(true);
  });
});
