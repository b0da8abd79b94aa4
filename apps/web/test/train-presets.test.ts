// The Train tab on the trainer's presets, in Chromium on the production build served with
// COOP/COEP (cross-origin isolated, as a host following public/_headers serves it): every field
// starts at its preset's value, the default preset trains a short 2-digit run to a target and
// reports it, and the aligned preset trains in the page and goes to Long sums.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend } from '@addrnn/model';
import { ACCURACY_TARGETS, TRAIN_PRESETS, type PresetName } from '@addrnn/trainer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawOf } from '../src/train-field-values.js';
import { screenshots } from './app-pages.js';
import { launchChromium, openPage, type PageWatch } from './browser.js';
import { expectedValues } from './preset-expectations.js';
import { crossOriginIsolationHeaders, serveStatic, type StaticServer } from './static-server.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const distRoot = join(appRoot, 'dist');

let server: StaticServer;
let browser: Browser;
let context: BrowserContext | undefined;
let watch: PageWatch | undefined;

beforeAll(async () => {
  if (!existsSync(join(distRoot, 'index.html'))) {
    throw new Error(`no production build at ${distRoot}: run \`pnpm --filter web build\` first (the root \`pnpm test\` builds it)`);
  }
  await mkdir(screenshots, { recursive: true });
  server = await serveStatic(distRoot, { headers: crossOriginIsolationHeaders });
  browser = await launchChromium();
  // expectedValues builds each preset's model: seconds on wasm, minutes on tfjs's cpu backend.
  await useBackend('wasm');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  // No console errors, no uncaught errors (in the page or its workers), no request leaving the origin.
  const problems = watch?.problems ?? [];
  await context?.close();
  context = undefined;
  watch = undefined;
  expect(problems).toEqual([]);
});

async function open(hash: string): Promise<Page> {
  context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
  watch = await openPage(context, server.origin);
  await watch.page.goto(`${server.origin}/${hash}`);
  return watch.page;
}

async function openMoreOptions(page: Page): Promise<void> {
  if ((await page.locator('#train-more').getAttribute('open')) === null) await page.locator('#train-more > summary').click();
}

/** Each field's control as the page holds it: text, checkbox state, or the operators ticked. */
function fieldValues(page: Page, names: string[]): Promise<Record<string, unknown>> {
  return page.evaluate(
    (fieldNames) =>
      Object.fromEntries(
        fieldNames.map((name) => {
          const control = document.getElementById(`train-${name}`);
          if (control instanceof HTMLFieldSetElement) return [name, [...control.querySelectorAll<HTMLInputElement>('input:checked')].map((box) => box.value)];
          if (control instanceof HTMLInputElement && control.type === 'checkbox') return [name, control.checked];
          return [name, (control as HTMLInputElement | HTMLSelectElement | null)?.value ?? null];
        }),
      ),
    names,
  );
}

/** Waits until the run ends (or fails) and returns why it stopped. */
async function runEnd(page: Page, timeout: number): Promise<string> {
  const handle = await page.waitForFunction(
    () =>
      document.querySelector<HTMLElement>('#train')?.dataset['stoppedBecause'] ??
      (document.querySelector('#train-state')?.textContent === 'Training failed.' ? `failed: ${document.querySelector('#train-error')?.textContent}` : false),
    undefined,
    { timeout, polling: 250 },
  );
  return String(await handle.jsonValue());
}

const presets = Object.keys(TRAIN_PRESETS) as PresetName[];

describe('Train tab on the trainer’s presets (production build in Chromium, cross-origin isolated)', () => {
  it('offers every preset and starts every field at its value; choosing a preset resets the fields', { timeout: 120_000 }, async () => {
    const page = await open('?backend=wasm#train');
    expect(await page.locator('#train-preset option').allTextContents()).toEqual(presets);
    // The page's default is the trainer's.
    expect(await page.getByLabel('Preset').inputValue()).toBe('default');
    for (const [index, name] of presets.entries()) {
      // Another preset first, and a field changed, so that choosing `name` must reset them.
      await page.getByLabel('Preset').selectOption(presets[(index + 1) % presets.length]!);
      await page.getByLabel('Digits per number').fill('7');
      await page.getByLabel('Preset').selectOption(name);
      const expected = expectedValues(name);
      const shown = await fieldValues(page, Object.keys(expected));
      expect(shown, name).toEqual(Object.fromEntries(Object.entries(expected).map(([key, value]) => [key, rawOf(value)])));
    }
    // Every control is labelled, the form's fields are all accounted for, and tab order is the page's.
    const controls = await page.locator('#train-form').evaluate((form) =>
      [...form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')].map((control) => ({
        id: control.id,
        name: control.name,
        labelled: (control.labels?.length ?? 0) > 0,
        tabIndex: control.tabIndex,
      })),
    );
    expect(controls.filter((control) => !control.labelled)).toEqual([]);
    expect(controls.filter((control) => control.tabIndex > 0)).toEqual([]);
    expect(new Set(controls.map((control) => control.name))).toEqual(new Set(['preset', 'backend', ...Object.keys(expectedValues('default'))]));
  });

  it('trains the default preset on a 2-digit task to a target, reporting it with the examples and the time, and stops there', { timeout: 300_000 }, async () => {
    const page = await open('?backend=wasm#train');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.getByLabel('Preset').selectOption('default');
    await page.getByLabel('Digits per number').fill('2');
    await page.getByLabel('Backend').selectOption('wasm');
    await openMoreOptions(page);
    // Short: no warm-up, validation every 2,000 examples, stop at half the answers right
    // (about 36,000 examples in Node).
    await page.getByLabel('Warm-up examples').fill('0');
    await page.getByLabel('Evaluate every (examples)').fill('2000');
    await page.getByLabel('Target accuracy (stop early)').fill('0.5');
    await page.getByRole('button', { name: 'Start' }).click();

    expect(await runEnd(page, 270_000)).toBe('target');
    const train = page.locator('#train');
    // The trainer's report of the stop target: when, after how many examples, in how long.
    const stop = page.locator('#train-target-list li[data-stop="true"]');
    expect(await stop.getAttribute('data-state')).toBe('reached');
    expect(await stop.textContent()).toMatch(/^50 % \(the stop target\): reached after [\d,]+ examples, [\d.]+ (s|min)[^(]*\((\d+(\.\d+)?) % of [\d,]+ validation questions right\)\.$/);
    const examples = Number(await stop.getAttribute('data-examples'));
    expect(examples).toBeGreaterThan(0);
    expect(Number(await stop.getAttribute('data-elapsed-seconds'))).toBeGreaterThan(0);
    // It stopped at that evaluation: the run saw as many examples as the report says.
    expect(Number(await train.getAttribute('data-run-examples'))).toBe(examples);
    expect(await page.locator('#train-state').textContent()).toMatch(/^Training reached the target accuracy (after \d+ epochs?|in epoch \d+) \([\d,]+ examples, /);
    // The trainer's own targets: reached, or (on a 2-digit task's small validation split) not claimed, never left pending.
    for (const accuracy of ACCURACY_TARGETS) {
      const row = page.locator(`#train-target-list li[data-accuracy="${accuracy}"]`);
      const state = await row.getAttribute('data-state');
      expect(['reached', 'unclaimable', 'missed']).toContain(state);
      if (state === 'unclaimable') expect(await row.textContent()).toMatch(/not claimed on [\d,]+ validation questions \(it needs [\d,]+/);
    }
    // The thread count and examples/s, and live regions for progress and results.
    const threads = Number(await train.getAttribute('data-threads'));
    expect(threads).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#train-speed').textContent()).toMatch(new RegExp(`^[\\d,]+ examples/s on ${threads} threads?\\.`));
    expect(await page.locator('#train-threads').textContent()).toMatch(/^Cross-origin isolated: training uses \d+ threads?/);
    expect(await page.locator('#train-targets').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#train-evaluation').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#train-state').getAttribute('role')).toBe('status');
    console.info(`default preset, 2 digits to 50 %: ${await stop.textContent()} ${await page.locator('#train-speed').textContent()}`);
    await page.screenshot({ path: join(screenshots, 'train-target.png'), fullPage: true });

    // A seq2seq model goes to Ask.
    await page.getByRole('button', { name: 'Use this model' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Ask' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#model-label').textContent()).toMatch(/^trained here: 2-digit LSTM, 128 units \(default preset, \d+ epochs?\)/);
  });

  it('trains the aligned preset in the page on one thread and adds long sums with it', { timeout: 300_000 }, async () => {
    const page = await open('?backend=wasm#train');
    await page.getByLabel('Preset').selectOption('aligned');
    expect(await page.locator('#train-preset-summary').textContent()).toContain('Model family: aligned');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByLabel('Examples per epoch').fill('20000');
    await page.getByLabel('Backend').selectOption('wasm');
    await openMoreOptions(page);
    await page.getByLabel('Validation size').fill('500');
    await page.getByRole('button', { name: 'Start' }).click();

    expect(await runEnd(page, 270_000)).toBe('epochs');
    expect(await page.locator('#train').getAttribute('data-threads')).toBe('1');
    expect(await page.locator('#train-threads').textContent()).toBe('Cross-origin isolated: training uses 1 thread, as this model family trains on one.');

    await page.getByRole('button', { name: 'Use this model' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Long sums' }).getAttribute('aria-selected')).toBe('true');
    const model = page.locator('#long-model');
    expect(await model.getAttribute('data-source')).toBe('trained');
    expect(await model.textContent()).toMatch(/^Using the model trained in the Train tab: trained here: .*\(aligned preset, 1 epoch\); aligned LSTM, 32 units, trained on numbers of up to 10 digits/);
    await page.getByLabel('Left number').fill('123456789012345');
    await page.getByLabel('Right number').fill('987654321');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    // The verdict of the model trained here (1 epoch: it may be wrong).
    await expect.poll(() => page.locator('#long-verdict').textContent(), { timeout: 60_000 }).toMatch(/Exact|Wrong/);

    // Trained on + only: a subtraction goes to the pretrained signed model, and the line says why.
    const operator = page.locator('#long').getByLabel('Operator', { exact: true });
    await operator.selectOption('-');
    await expect.poll(() => model.textContent(), { timeout: 60_000 }).toMatch(/^Using the pretrained signed model \(the model trained in the Train tab does not subtract\): aligned LSTM/);
    expect(await model.getAttribute('data-source')).toBe('pretrained');
    await page.getByLabel('Left number').fill('12');
    await page.getByRole('button', { name: 'Subtract', exact: true }).click();
    await expect.poll(() => page.locator('#long-verdict').textContent(), { timeout: 60_000 }).toBe('✓ Exact: the sign (−) and all 9 digits match the exact difference.');
    expect(await page.locator('#long-sum').textContent()).toBe('-987654309');
    await operator.selectOption('+');
    await expect.poll(() => model.textContent()).toMatch(/^Using the model trained in the Train tab: /);
    expect(await model.getAttribute('data-source')).toBe('trained');

    await page.getByRole('button', { name: 'Use the pretrained models again' }).click();
    await expect.poll(() => model.textContent(), { timeout: 60_000 }).toMatch(/^Using the pretrained aligned adder: aligned LSTM/);
    expect(await model.getAttribute('data-source')).toBe('pretrained');
  });
});
