import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshots, useAppPages } from './app-pages.js';

const pages = useAppPages();

function open(hash = '#long'): Promise<Page> {
  return pages.open(hash);
}

const exactSum = (left: string, right: string): string => (BigInt(left.replace(/\s+/g, '')) + BigInt(right.replace(/\s+/g, ''))).toString();

/** Waits for the verdict of an Add (or the error that replaced it) and returns its text. */
async function verdictAfterAdd(page: Page): Promise<string> {
  await expect
    .poll(async () => ((await page.locator('#long-verdict').textContent()) ?? '') + ((await page.locator('#long-error').textContent()) ?? ''), {
      timeout: 120_000,
    })
    .toMatch(/Exact|Wrong|could not|No TensorFlow/);
  expect(await page.locator('#long-error').textContent()).toBe('');
  return (await page.locator('#long-verdict').textContent()) ?? '';
}

/** Nothing on the page is wider than the window (long digit strings wrap). */
async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('Long sums view (aligned model, production build in Chromium)', () => {
  it('adds 1,000 nines and 1 exactly, through the whole carry chain, with a strip of 1,001 columns and a time', async () => {
    const page = await open();
    expect(await page.getByRole('tab', { name: 'Long sums' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#long').isVisible()).toBe(true);
    // A number pasted in lines of 100 digits: the line breaks and spaces are dropped.
    const nines = '9'.repeat(1000);
    const pasted = `${nines.match(/.{100}/g)!.join('\n')}  `;
    await page.getByLabel('Left number').fill(pasted);
    await page.getByLabel('Right number').fill(' 1');
    expect(await page.locator('#long-left-count').textContent()).toBe('1,000 digits');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const verdict = await verdictAfterAdd(page);

    const expected = exactSum(nines, '1');
    expect(expected).toBe(`1${'0'.repeat(1000)}`);
    expect(await page.locator('#long-exact').textContent()).toBe(expected);
    expect(await page.locator('#long-sum').textContent()).toBe(expected);
    expect(verdict).toContain('Exact: all 1,001 digits match');
    expect(await page.locator('#long-wrong-digit').count()).toBe(0);

    const strip = page.locator('#long-strip');
    expect(await strip.getAttribute('data-digits')).toBe(String(expected.length));
    const lowest = Number(await strip.getAttribute('data-lowest'));
    expect(lowest).toBeGreaterThan(0);
    expect(lowest).toBeLessThanOrEqual(1);
    expect(await page.locator('#long-strip-summary').textContent()).toMatch(/^Lowest confidence: \d+\.\d\d % at digit [\d,]+ from the right \(of 1,001\)\.$/);
    // The canvas is painted: some pixel of its bars is not the empty track's colour.
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('#long-strip')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] !== 0xed || data[i + 1] !== 0xf0 || data[i + 2] !== 0xf6) coloured += 1;
      return coloured;
    });
    expect(painted).toBeGreaterThan(0);

    const time = (await page.locator('#long-time').textContent()) ?? '';
    expect(time).toMatch(/^Prediction took \d+\.\d ms: 1,000 \+ 1 digits, 1,001 LSTM steps, a 1,001-digit sum\.$/);
    console.info(`long sums, 1,000 nines + 1: ${time}`);
    expect(await page.locator('#long-model').textContent()).toMatch(/^Using the pretrained aligned adder: aligned LSTM, \d+ units/);
    expect(await page.locator('#long-model').getAttribute('data-source')).toBe('pretrained');
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshots, 'long-sums.png'), fullPage: true });
  }, 180_000);

  it('adds two random 10,000-digit numbers, checks them against BigInt, and keeps the layout', async () => {
    const page = await open('#ask');
    await page.getByRole('tab', { name: 'Long sums' }).click();
    await page.getByRole('button', { name: 'Random 10,000-digit numbers' }).click();
    const verdict = await verdictAfterAdd(page);
    const left = await page.getByLabel('Left number').inputValue();
    const right = await page.getByLabel('Right number').inputValue();
    expect(left).toMatch(/^[1-9]\d{9999}$/);
    expect(right).toMatch(/^[1-9]\d{9999}$/);
    const expected = exactSum(left, right);
    expect(await page.locator('#long-exact').textContent()).toBe(expected);
    const answer = (await page.locator('#long-sum').textContent()) ?? '';
    expect(await page.locator('#long-strip').getAttribute('data-digits')).toBe(String(answer.length));
    if (answer === expected) {
      expect(verdict).toBe(`✓ Exact: all ${expected.length.toLocaleString('en-US')} digits match the exact sum.`);
    } else {
      // Then the page names the first wrong digit from the right and highlights it.
      let fromRight = 1;
      while ((answer[answer.length - fromRight] ?? '0') === (expected[expected.length - fromRight] ?? '0')) fromRight += 1;
      expect(verdict).toContain(`Wrong at digit ${fromRight.toLocaleString('en-US')} from the right`);
    }
    const time = (await page.locator('#long-time').textContent()) ?? '';
    expect(time).toMatch(/^Prediction took \d+\.\d ms: 10,000 \+ 10,000 digits, 10,001 LSTM steps, a [\d,]+-digit sum\.$/);
    console.info(`long sums, two random 10,000-digit numbers: ${time} (${answer === expected ? 'exact' : 'wrong'})`);
    // Twenty thousand digits in the fields and ten thousand in each sum: nothing wider than the window.
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    const sumBox = await page.locator('#long-sum').boundingBox();
    expect(sumBox!.width).toBeLessThanOrEqual(1100);
    await page.screenshot({ path: join(screenshots, 'long-sums-10000.png') });
  }, 180_000);

  it('names a bad character and its position, then adds once it is fixed', async () => {
    const page = await open();
    const left = page.getByLabel('Left number');
    // Whitespace counts as typed: "x" is the 8th character of what is in the field.
    await left.fill('12 34\n5x6');
    await page.getByLabel('Right number').fill('7');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const error = page.locator('#long-left-error');
    await expect.poll(() => error.isVisible(), { timeout: 30_000 }).toBe(true);
    const message = (await error.textContent()) ?? '';
    expect(message).toContain('Left number');
    expect(message).toContain('"x"');
    expect(message).toContain('position 8');
    expect(await left.getAttribute('aria-invalid')).toBe('true');
    expect(await left.getAttribute('aria-describedby')).toContain('long-left-error');
    expect(await page.locator('#long-result').isVisible()).toBe(false);
    await page.screenshot({ path: join(screenshots, 'long-sums-invalid.png') });

    await left.fill('12 34\n56');
    expect(await left.getAttribute('aria-invalid')).toBe(null);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await verdictAfterAdd(page);
    expect(await page.locator('#long-exact').textContent()).toBe('123463');
    expect(await error.isVisible()).toBe(false);
  }, 180_000);
});
