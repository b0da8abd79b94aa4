import { Codec } from '@addrnn/codec';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshots, useAppPages } from './app-pages.js';

const pages = useAppPages();

// No service worker: these tests drive the page as a host without COOP/COEP serves it, not
// isolated (isolation.test.ts covers the headers and the isolating service worker).
function open(hash = ''): Promise<Page> {
  return pages.open(hash, { acceptDownloads: true });
}

/** Opens the form's "More options". */
async function openMoreOptions(page: Page): Promise<void> {
  if ((await page.locator('#train-more').getAttribute('open')) === null) await page.locator('#train-more > summary').click();
}

/** Fills the Train form with a tiny, fast run on the keras preset (constant rate, no early stop). */
async function fillTinyRun(page: Page, epochs: number): Promise<void> {
  await page.getByLabel('Preset').selectOption('keras');
  await page.getByLabel('Digits per number').fill('1');
  await page.getByLabel('Examples per epoch').fill('256');
  await page.getByLabel('Hidden size').fill('16');
  await page.getByLabel('Batch size').fill('32');
  await page.getByLabel('Epochs').fill(String(epochs));
  await page.getByLabel('Learning rate').fill('0.01');
}

/** Number of points in a chart's first line (its SVG path: `M x,y L x,y ...`). */
async function chartPoints(page: Page, id: string): Promise<number> {
  const d = (await page.locator(`#${id} path.line`).first().getAttribute('d')) ?? '';
  return d === '' ? 0 : d.split(/[ML]/).filter(Boolean).length;
}

describe('web demo (production build in Chromium)', () => {
  it('answers 535+61 with 596 using the pretrained model', async () => {
    const page = await open();
    const question = page.getByLabel('Question');
    await expect.poll(() => page.locator('#model-answer').textContent(), { timeout: 60_000 }).not.toBe('');
    // The timing is recorded in a promise callback just after the answer shows: wait for it too.
    await expect.poll(() => page.evaluate(() => window.addrnnTimings?.firstAnswerMs ?? 0)).toBeGreaterThan(0);
    const timings = await page.evaluate(() => window.addrnnTimings);
    const backend = await page.locator('#backend').textContent();
    console.info(`backend: ${backend}; time to first answer: ${timings?.firstAnswerMs} ms (backend ready ${timings?.backendReadyMs} ms, model ready ${timings?.modelReadyMs} ms)`);
    expect(timings?.firstAnswerMs).toBeGreaterThan(0);

    await question.fill('535+61');
    await expect.poll(() => page.locator('#model-answer').textContent()).toBe('596');
    expect(await page.locator('#true-answer').textContent()).toBe('596');
    expect(await page.locator('#answer-mark').textContent()).toContain('right');
    expect(await page.locator('#confidence .digit').count()).toBe(3);
    await expect.poll(() => page.locator('#ask-status').textContent()).toContain('the model says 596');
    await page.screenshot({ path: join(screenshots, 'ask.png'), fullPage: true });
  });

  it('runs on the wasm backend with its .wasm served from the app’s origin', async () => {
    const page = await open('?backend=wasm');
    await expect.poll(() => page.locator('#model-answer').textContent(), { timeout: 60_000 }).toBe('596');
    expect(await page.locator('#backend').textContent()).toBe('wasm');
    const timings = await page.evaluate(() => window.addrnnTimings);
    console.info(`backend: wasm; time to first answer: ${timings?.firstAnswerMs} ms (backend ready ${timings?.backendReadyMs} ms, model ready ${timings?.modelReadyMs} ms)`);
    const wasmRequests = pages.watch()!.requests.filter((url) => url.endsWith('.wasm'));
    expect(wasmRequests.length).toBeGreaterThanOrEqual(1);
    for (const url of wasmRequests) expect(url.startsWith(`${pages.origin()}/assets/`)).toBe(true);
    await page.getByLabel('Question').fill('99999+1');
    await expect.poll(() => page.locator('#true-answer').textContent()).toBe('100000');
  });

  it('shows the codec’s message inline for an invalid question', async () => {
    const page = await open();
    const question = page.getByLabel('Question');
    await question.fill('12a+3');
    let expected = '';
    try {
      new Codec().parseQuestion('12a+3');
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).not.toBe('');
    await expect.poll(() => page.locator('#question-error').textContent()).toBe(expected);
    expect(await page.locator('#question-error').isVisible()).toBe(true);
    expect(await question.getAttribute('aria-invalid')).toBe('true');
    expect(await question.getAttribute('aria-describedby')).toContain('question-error');
    expect(await page.locator('#model-answer').textContent()).toBe('');
    await page.screenshot({ path: join(screenshots, 'ask-invalid.png') });
    await question.fill('12+3');
    await expect.poll(() => question.getAttribute('aria-invalid')).toBe(null);
    expect(await page.locator('#question-error').isVisible()).toBe(false);
  });

  it('lists held-out questions and hard cases with accuracy', async () => {
    const page = await open('#try');
    const rows = page.locator('#try-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(20);
    expect(await page.locator('#try-summary').textContent()).toMatch(/of 20 held-out questions right: whole-answer accuracy \d/);
    const before = await rows.allTextContents();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => rows.allTextContents()).not.toEqual(before);
    await page.screenshot({ path: join(screenshots, 'try-many.png'), fullPage: true });
    await page.getByRole('button', { name: 'Hard cases' }).click();
    await expect.poll(() => page.locator('#try-summary').textContent()).toMatch(/hard cases right/);
    expect(await page.locator('#try-table tbody').textContent()).toContain('99999+1');
  });

  it('draws validation and batch-loss points during the first epoch, at the evaluation interval (issue #12)', async () => {
    // The page on wasm too: software WebGL's first answer can hold the page's main thread for long on a busy machine.
    const page = await open('?backend=wasm#train');
    // Before a run: no made-up axes, only a line of text.
    for (const id of ['chart-loss', 'chart-char-accuracy', 'chart-exact-match']) {
      expect(await page.locator(`#${id} .grid text`).count()).toBe(0);
      expect(await page.locator(`#${id} .placeholder`).textContent()).toBe('Start a training run to see its progress.');
    }
    // A first epoch ten times the evaluation interval: 300,000 examples in batches of 32 is
    // 9,375 batches, a tenth is 938 batches (30,016 examples, 30 times the validation set).
    await page.getByLabel('Preset').selectOption('keras');
    await page.getByLabel('Digits per number').fill('2');
    await page.getByLabel('Examples per epoch').fill('300000');
    await page.getByLabel('Hidden size').fill('16');
    await page.getByLabel('Batch size').fill('32');
    await page.getByLabel('Epochs').fill('1');
    await page.getByLabel('Learning rate').fill('0.01');
    await page.getByLabel('Backend').selectOption('wasm');
    // A tenth of the epoch (938 batches of 32), 30 times the validation set.
    await openMoreOptions(page);
    await page.getByLabel('Evaluate every (examples)').fill('30016');
    await page.getByLabel('Validation size').fill('1000');
    await page.getByRole('button', { name: 'Start' }).click();

    // One snapshot taken in the page, so the counts belong to the same moment.
    const snapshot = await page.waitForFunction(
      () => {
        const count = (selector: string) => Number(document.querySelector(selector)?.getAttribute('data-points') ?? -1);
        const state = {
          validation: count('#chart-exact-match path.series-validation'),
          validationLoss: count('#chart-loss path.series-validation'),
          batchLoss: count('#chart-loss path.series-batch'),
          epochPoints: count('#chart-loss path.series-train'),
          epochs: document.querySelector<HTMLElement>('#train')?.dataset['epochs'],
          evaluations: document.querySelector<HTMLElement>('#train')?.dataset['evaluations'],
          evaluatedAt: Number(document.querySelector<HTMLElement>('#train')?.dataset['evaluatedAtExamples'] ?? -1),
          exactPath: document.querySelector('#chart-exact-match path.series-validation')?.getAttribute('d') ?? '',
          batchPath: document.querySelector('#chart-loss path.series-batch')?.getAttribute('d') ?? '',
          labels: [...document.querySelectorAll('#chart-loss .grid text')].map((node) => node.textContent ?? ''),
          failed: document.querySelector('#train-state')?.textContent === 'Training failed.',
          evaluateEvery: document.querySelector<HTMLElement>('#train')?.dataset['evaluateEvery'],
        };
        // Also as soon as the epoch ends, so that a run without mid-epoch points fails here at once.
        return state.failed || state.epochs !== '0' || (state.validation >= 2 && state.batchLoss >= 2) ? state : false;
      },
      undefined,
      { timeout: 200_000, polling: 50 },
    );
    const state = await snapshot.jsonValue();
    if (state === false) throw new Error('waitForFunction returned without a snapshot');
    console.info(`first epoch, evaluated at ${state.evaluatedAt} of 300,000 examples: ${state.validation} validation points, ${state.batchLoss} batch-loss points`);
    expect(state.failed).toBe(false);
    expect(state.evaluateEvery).toBe('30016');
    // Still in the first epoch: no epoch point yet, but validation points and the batch-loss line.
    expect(state.epochs).toBe('0');
    expect(state.epochPoints).toBe(0);
    expect(state.evaluations).toBe(String(state.validation));
    expect(state.validationLoss).toBe(state.validation);
    // Evaluations fall at multiples of the interval, inside the first epoch.
    expect(state.evaluatedAt).toBe(30_016 * state.validation);
    expect(state.exactPath.split(/[ML]/).filter(Boolean)).toHaveLength(state.validation);
    expect(state.batchPath.split(/[ML]/).filter(Boolean).length).toBeGreaterThanOrEqual(2);
    // The x axis counts examples (labels like "4K"), the y axis has real values, not "0.00" four times.
    expect(state.labels).toContain('examples');
    expect(new Set(state.labels.filter((label) => /^\d+\.\d\d$/.test(label))).size).toBe(5);
    expect(await page.locator('#train-evaluation').textContent()).toMatch(/^Validation at [\d,]+ examples \(epoch 1, [^)]+\): whole-answer accuracy/);
    await page.screenshot({ path: join(screenshots, 'train-first-epoch.png'), fullPage: true });

    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.locator('#train-state').textContent(), { timeout: 30_000 }).toMatch(/^Training stopped in epoch 1 \([\d,]+ examples, [\d.]+ (s|min)/);
    await expect.poll(() => page.workers().length).toBe(0);
  }, 300_000);

  it('trains in a worker with live charts, stops, never runs two trainings, and restarts cleanly', async () => {
    const page = await open('#train');
    const start = page.getByRole('button', { name: 'Start' });
    const stop = page.getByRole('button', { name: 'Stop' });
    // Long enough that it is still training when Stop is pressed, however fast (200 epochs took 9.6 s).
    await fillTinyRun(page, 5000);
    await start.click();
    expect(await start.isDisabled()).toBe(true);
    // A second submit while running (the button is disabled, so submit the form directly) must do nothing.
    await page.evaluate(() => document.querySelector<HTMLFormElement>('#train-form')!.requestSubmit());
    await expect.poll(() => chartPoints(page, 'chart-loss'), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    expect(page.workers()).toHaveLength(1);
    // The keras preset evaluates at epoch ends only.
    expect(await page.locator('#train').getAttribute('data-evaluate-every')).toBe('epoch');
    expect(await chartPoints(page, 'chart-exact-match')).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#train-speed').textContent()).toMatch(/[\d,]+ examples\/s/);
    expect(await page.locator('#train-backend').textContent()).toMatch(/Backend: (webgl|wasm|cpu)/);
    await stop.click();
    await expect.poll(() => page.locator('#train-state').textContent(), { timeout: 30_000 }).toMatch(/^Training stopped (after \d+ epochs?|in epoch \d+) \(/);
    expect(await start.isEnabled()).toBe(true);
    expect(await stop.isDisabled()).toBe(true);
    await expect.poll(() => page.workers().length).toBe(0);
    // Epoch numbers are consecutive: one training, not two interleaved. Counted from the line's
    // data (a line of more than 150 points has no dots; how many epochs run before Stop depends
    // on the machine's speed).
    const epochs = Number(await page.locator('#chart-loss path.line.series-train').getAttribute('data-points'));
    expect(epochs).toBeGreaterThanOrEqual(2);
    // The chart in words too: each line's last value, where, and its range.
    expect(await page.locator('#chart-loss .chart-summary').textContent()).toMatch(new RegExp(`^training \\(epoch\\): \\d+\\.\\d\\d at [\\d.]+K? examples \\(lowest \\d+\\.\\d\\d, highest \\d+\\.\\d\\d, ${epochs} points\\); validation: `));
    await page.screenshot({ path: join(screenshots, 'train.png'), fullPage: true });

    // The trained model: save it in IndexedDB, load it back, use it in Ask.
    await page.getByRole('button', { name: 'Save to browser' }).click();
    await expect.poll(() => page.locator('#model-status').textContent()).toContain('Saved in this browser');
    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));
    await page.getByRole('button', { name: 'Download' }).click();
    await expect.poll(() => page.locator('#model-status').textContent(), { timeout: 10_000 }).toContain('Downloaded');
    await expect.poll(() => [...downloads].sort()).toEqual(['addrnn.json', 'addrnn.weights.bin']);
    await page.getByRole('button', { name: 'Load from browser' }).click();
    await expect.poll(() => page.locator('#model-status').textContent()).toContain('Loaded the model saved in this browser');
    expect(await page.locator('#model-label').textContent()).toContain('1-digit LSTM, 16 units');
    await page.getByLabel('Question').fill('3+4');
    await expect.poll(() => page.locator('#true-answer').textContent()).toBe('7');
    expect(await page.locator('#model-answer').textContent()).toMatch(/^(\d{1,2}|\(blank\))$/);
    expect(await page.locator('#answer-mark').textContent()).toMatch(/right|wrong/);

    // Restart: a fresh run starts from an empty chart in a new worker.
    await page.getByRole('tab', { name: 'Train' }).click();
    await fillTinyRun(page, 2);
    await page.getByLabel('Backend').selectOption('wasm');
    await start.click();
    await expect.poll(() => page.locator('#train-state').textContent(), { timeout: 60_000 }).toMatch(/Training finished after 2 epochs/);
    expect(await page.locator('#chart-loss .dots.series-train circle').count()).toBe(2);
    expect(await page.locator('#train-backend').textContent()).toMatch(/^Backend: wasm/);
    console.info(`training on wasm: ${await page.locator('#train-speed').textContent()}`);
    expect(page.workers()).toHaveLength(0);
  });
});
