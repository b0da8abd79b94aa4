import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshots, useAppPages } from './app-pages.js';

const pages = useAppPages();

/**
 * The carry into each column from the BigInt sum: a column's sum digit is its two digits plus the
 * carry into it, modulo 10, so the carry is (sum digit - left digit - right digit) mod 10.
 */
function carriesByBigInt(left: string, right: string): string {
  const sum = (BigInt(left) + BigInt(right)).toString();
  const columns = Math.max(left.length, right.length) + 1;
  const digit = (text: string, t: number) => Number(text[text.length - 1 - t] ?? '0');
  let bits = '';
  for (let t = 0; t < columns; t += 1) bits += String((((digit(sum, t) - digit(left, t) - digit(right, t)) % 10) + 10) % 10);
  return bits;
}

/** Seeded digits (a 32-bit LCG) with runs of nines against zeros and of digit pairs summing to 9: the test's own held-out sums. */
function heldOutSum(seed: number, digits: number): [string, string] {
  let state = seed >>> 0;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  let left = '';
  let right = '';
  while (left.length < digits) {
    const run = 1 + next(Math.min(40, digits - left.length));
    const kind = next(3);
    for (let i = 0; i < run; i += 1) {
      const a = next(10);
      left += String(a);
      right += String(kind === 0 ? next(10) : kind === 1 ? 9 - a : (9 - a + 1 + next(a + 1)) % 10);
    }
  }
  return [`${1 + next(9)}${left.slice(1)}`, `${1 + next(9)}${right.slice(1)}`];
}

/** Waits until the figure shows a sum of `columns` columns and returns what the probe reads per column. */
async function readout(page: Page, columns: number): Promise<{ readout: string; truth: string }> {
  const figure = page.locator('#carry-figure');
  await expect.poll(() => figure.getAttribute('data-columns'), { timeout: 60_000 }).toBe(String(columns));
  return { readout: (await figure.getAttribute('data-readout')) ?? '', truth: (await figure.getAttribute('data-truth')) ?? '' };
}

async function openReady(): Promise<Page> {
  const page = await pages.open('#carry');
  // The model loads, the probe is fitted, and the first example (a chain of nines) is shown.
  await expect.poll(() => page.locator('#carry-probe').getAttribute('data-held-out-accuracy'), { timeout: 120_000 }).not.toBe(null);
  await readout(page, 31);
  return page;
}

describe('Inside the carry (aligned model, production build in Chromium)', () => {
  it('shows a readout of the LSTM state that predicts the carry of held-out sums at least 99% of the time', async () => {
    const page = await openReady();
    expect(await page.getByRole('tab', { name: 'Inside the carry' }).getAttribute('aria-selected')).toBe('true');
    const probe = page.locator('#carry-probe');
    expect(Number(await probe.getAttribute('data-held-out-accuracy'))).toBeGreaterThanOrEqual(0.99);
    expect(await probe.textContent()).toMatch(/predicts the carry (99\.\d\d|100\.00) % of the time \(correlation \d\.\d{3}\)/);
    expect(['unit', 'direction']).toContain(await probe.getAttribute('data-kind'));

    // Sums the page never fitted on, of lengths it never saw (up to 400 digits), with chains.
    const sums: [string, string][] = [
      ...[23, 57, 88, 131, 202, 263, 317, 400].map((digits, i) => heldOutSum(1000 + i, digits)),
      [`${'9'.repeat(149)}`, '1'],
      [`4${'9'.repeat(178)}`, `5${'0'.repeat(177)}1`],
      [`7${'9'.repeat(60)}`, '3'],
    ];
    let right = 0;
    let columns = 0;
    for (const [left, bottom] of sums) {
      await page.getByLabel('Top number').fill(left);
      await page.getByLabel('Bottom number').fill(bottom);
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      const truth = carriesByBigInt(left, bottom);
      const shown = await readout(page, truth.length);
      expect(shown.truth, `the true carries of ${left}+${bottom}`).toBe(truth);
      expect(shown.readout).toHaveLength(truth.length);
      for (let t = 0; t < truth.length; t += 1) if (shown.readout[t] === truth[t]) right += 1;
      columns += truth.length;
    }
    console.info(`carry view: the probe reads ${right} of ${columns} held-out columns right`);

    // A typo is named with its position, on the field it is in.
    await page.getByLabel('Bottom number').fill('12x4');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => page.locator('#carry-error').textContent()).toBe('Bottom number: unexpected character "x" at position 3; expected digits 0-9 (spaces and line breaks are ignored)');
    expect(await page.getByLabel('Bottom number').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Top number').getAttribute('aria-invalid')).toBe(null);
    expect(columns).toBeGreaterThan(1500);
    expect(right / columns).toBeGreaterThanOrEqual(0.99);
  }, 240_000);

  it('renders a 10,000-digit sum in a window around a chosen column', async () => {
    const page = await openReady();
    await page.getByRole('button', { name: 'Random 10,000-digit sum' }).click();
    const { readout: reads } = await readout(page, 10_001);
    const left = await page.getByLabel('Top number').inputValue();
    const bottom = await page.getByLabel('Bottom number').inputValue();
    expect(left).toMatch(/^[1-9]\d{9999}$/);
    const truth = carriesByBigInt(left, bottom);
    let right = 0;
    for (let t = 0; t < truth.length; t += 1) if (reads[t] === truth[t]) right += 1;
    expect(right / truth.length).toBeGreaterThanOrEqual(0.99);
    expect(await page.locator('#carry-sum-summary').textContent()).toMatch(/^10,001 columns; the true carry goes into [\d,]+ of them/);

    await page.getByLabel('Column (from the right, 1 = units)').fill('5000');
    const plot = page.locator('#carry-figure svg');
    await expect.poll(() => plot.getAttribute('data-from')).toBe('4983');
    expect(await plot.getAttribute('data-to')).toBe('5014');
    expect(await page.locator('#carry-window-summary').textContent()).toMatch(/^Columns 4,984 to 5,015 from the right \(of 10,001\)\. True carry into columns: /);
    expect(await plot.getAttribute('aria-label')).toBe(await page.locator('#carry-window-summary').textContent());
    expect(await plot.locator('circle').count()).toBe(32);
    // The digits drawn are the operands' own (drawn units first, so read here in reverse).
    const digits = await plot.locator('.carry-digit').allTextContents();
    expect(digits.filter((_, i) => i % 2 === 0).reverse().join('')).toBe(left.slice(10_000 - 5014 - 1, 10_000 - 4983));
    await page.getByLabel('Columns shown around it').selectOption('128');
    await expect.poll(() => plot.locator('circle').count()).toBe(128);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshots, 'carry-10000.png'), fullPage: true });
  }, 240_000);

  it('plays the carry along a chain of nines, column by column', async () => {
    const page = await openReady();
    await page.getByRole('button', { name: 'Chain: 49…9 + 50…01' }).click();
    const play = page.locator('#carry-play');
    await expect.poll(() => play.getAttribute('data-playing'), { timeout: 30_000 }).toBe('true');
    expect(await play.textContent()).toBe('Stop');
    const dots = page.locator('#carry-figure svg circle');
    // Part of the way: the readout is drawn up to the column being read.
    await expect.poll(() => dots.count(), { timeout: 30_000, interval: 50 }).toBeGreaterThan(3);
    expect(await dots.count()).toBeLessThan(31);
    await expect.poll(() => play.getAttribute('data-playing'), { timeout: 60_000 }).toBe('false');
    expect(await play.textContent()).toBe('Play the carry');
    expect(await dots.count()).toBe(31);
    expect(await page.locator('#carry-window-summary').textContent()).toBe(
      'Columns 1 to 31 from the right (of 31). True carry into columns: 2–31. The probe reads a carry into columns: 2–31; it agrees in all 31 columns.',
    );
    await page.screenshot({ path: join(screenshots, 'carry-chain.png'), fullPage: true });
  }, 240_000);
});
