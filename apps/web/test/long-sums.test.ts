import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshots, useAppPages } from './app-pages.js';

const pages = useAppPages();

function open(hash = '#long'): Promise<Page> {
  return pages.open(hash);
}

const exactSum = (left: string, right: string): string => (BigInt(left.replace(/\s+/g, '')) + BigInt(right.replace(/\s+/g, ''))).toString();
const exactDifference = (left: string, right: string): string => (BigInt(left) - BigInt(right)).toString();

/** A random number of `length` digits whose first digit is drawn from `first` (Math.random: every run draws others). */
function randomNumber(length: number, first: string): string {
  let digits = first[Math.floor(Math.random() * first.length)]!;
  for (let index = 1; index < length; index += 1) digits += String(Math.floor(Math.random() * 10));
  return digits;
}

/** Chooses `operator` in the view's operator control with the keyboard, as a person would: focus it, then the arrow keys. */
async function chooseOperator(page: Page, operator: '+' | '-'): Promise<void> {
  const control = page.locator('#long').getByLabel('Operator', { exact: true });
  await control.focus();
  await page.keyboard.press(operator === '-' ? 'ArrowDown' : 'ArrowUp');
  expect(await control.inputValue()).toBe(operator);
}

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

describe('Long sums with a minus (signed model, production build in Chromium)', () => {
  it('subtracts 1 - 1 followed by 1,000 zeros exactly: a minus and 1,000 nines, the sign and its confidence shown', async () => {
    const page = await open();
    await chooseOperator(page, '-');
    // The button says what it does; the line names the model that will answer.
    expect(await page.locator('#long-add').textContent()).toBe('Subtract');
    const model = page.locator('#long-model');
    await expect.poll(() => model.textContent(), { timeout: 120_000 }).toMatch(/^Using the pretrained signed model: aligned LSTM, \d+ units, trained on numbers of up to 10 digits \(\+ and −\); backend /);
    const right = `1${'0'.repeat(1000)}`;
    await page.getByLabel('Left number').fill('1');
    await page.getByLabel('Right number').fill(right);
    await page.getByRole('button', { name: 'Subtract', exact: true }).click();
    const verdict = await verdictAfterAdd(page);

    const expected = exactDifference('1', right);
    expect(expected).toBe(`-${'9'.repeat(1000)}`);
    expect(await page.locator('#long-exact').textContent()).toBe(expected);
    expect(await page.locator('#long-sum').textContent()).toBe(expected);
    expect(verdict).toBe('✓ Exact: the sign (−) and all 1,000 digits match the exact difference.');
    expect(await page.locator('#long-wrong-digit').count()).toBe(0);
    expect(await page.locator('#long-wrong-sign').count()).toBe(0);
    // The sign's confidence, in words and as a number; the strip has one column per digit.
    const sign = page.locator('#long-sign');
    expect(await sign.isVisible()).toBe(true);
    expect(await sign.textContent()).toMatch(/^Sign: − \(\d+\.\d\d %\)$/);
    const probability = Number(await sign.getAttribute('data-probability'));
    expect(probability).toBeGreaterThan(0.5);
    expect(probability).toBeLessThanOrEqual(1);
    expect(await sign.textContent()).toBe(`Sign: − (${(probability * 100).toFixed(2)} %)`);
    expect(await page.locator('#long-strip').getAttribute('data-digits')).toBe('1000');
    expect(await page.locator('#long-sum-heading').textContent()).toBe('The model’s difference');
    const time = (await page.locator('#long-time').textContent()) ?? '';
    expect(time).toMatch(/^Prediction took \d+\.\d ms: 1 − 1,001 digits, 2 passes of 1,002 LSTM steps, a 1,000-digit difference and its sign\.$/);
    console.info(`long sums, 1 - 1 followed by 1,000 zeros: ${time} ${await sign.textContent()}`);
    // The line names the model that answered.
    expect(await model.textContent()).toMatch(/^Using the pretrained signed model: /);
    expect(await model.getAttribute('data-source')).toBe('pretrained');
    expect(await model.getAttribute('data-operator')).toBe('-');
    await page.screenshot({ path: join(screenshots, 'long-sums-minus.png'), fullPage: true });
  }, 180_000);

  it('subtracts a random 10,000-digit number from a smaller one exactly, sign included; the random buttons subtract too', async () => {
    const page = await open();
    await chooseOperator(page, '-');
    // The left number starts with 1-4 and the right one with 5-9: the answer is negative.
    const left = randomNumber(10_000, '1234');
    const right = randomNumber(10_000, '56789');
    await page.getByLabel('Left number').fill(left);
    await page.getByLabel('Right number').fill(right);
    await page.getByRole('button', { name: 'Subtract', exact: true }).click();
    const verdict = await verdictAfterAdd(page);
    const expected = exactDifference(left, right);
    expect(expected.startsWith('-')).toBe(true);
    expect(await page.locator('#long-exact').textContent()).toBe(expected);
    expect(await page.locator('#long-sum').textContent()).toBe(expected);
    expect(verdict).toBe(`✓ Exact: the sign (−) and all ${(expected.length - 1).toLocaleString('en-US')} digits match the exact difference.`);
    expect(await page.locator('#long-sign').textContent()).toMatch(/^Sign: − \(\d+\.\d\d %\)$/);
    const time = (await page.locator('#long-time').textContent()) ?? '';
    expect(time).toMatch(/^Prediction took \d+\.\d ms: 10,000 − 10,000 digits, 2 passes of 10,001 LSTM steps, a [\d,]+-digit difference and its sign\.$/);
    console.info(`long sums, a random 10,000-digit subtraction with a negative answer: ${time}`);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);

    // A random pair drawn by the page, subtracted: checked against BigInt, whatever its sign.
    await page.getByRole('button', { name: 'Random 1,000-digit numbers' }).click();
    await expect.poll(() => page.locator('#long-time').textContent(), { timeout: 120_000 }).toContain('1,000 − 1,000 digits');
    const drawn = [await page.getByLabel('Left number').inputValue(), await page.getByLabel('Right number').inputValue()] as const;
    expect(drawn[0]).toMatch(/^[1-9]\d{999}$/);
    const answer = (await page.locator('#long-sum').textContent()) ?? '';
    expect(await page.locator('#long-exact').textContent()).toBe(exactDifference(...drawn));
    expect((await page.locator('#long-verdict').textContent())!.startsWith(answer === exactDifference(...drawn) ? '✓ Exact' : '✗ Wrong')).toBe(true);
    expect(await page.locator('#long-sign').textContent()).toMatch(new RegExp(`^Sign: ${answer.startsWith('-') ? '−' : '\\+'} \\(\\d+\\.\\d\\d %\\)`));
  }, 180_000);

  it('adds again with the aligned adder after a subtraction, and shows a positive difference’s sign', async () => {
    const page = await open();
    await chooseOperator(page, '-');
    await page.getByLabel('Left number').fill('1000');
    await page.getByLabel('Right number').fill('1');
    await page.getByRole('button', { name: 'Subtract', exact: true }).click();
    expect(await verdictAfterAdd(page)).toBe('✓ Exact: all 3 digits match the exact difference.');
    expect(await page.locator('#long-sum').textContent()).toBe('999');
    expect(await page.locator('#long-sign').textContent()).toMatch(/^Sign: \+ \(\d+\.\d\d %\)$/);

    await chooseOperator(page, '+');
    await page.getByLabel('Left number').fill('9'.repeat(500));
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.locator('#long-time').textContent(), { timeout: 120_000 }).toContain('500 + 1 digits');
    expect(await page.locator('#long-verdict').textContent()).toBe('✓ Exact: all 501 digits match the exact sum.');
    expect(await page.locator('#long-sum').textContent()).toBe(exactSum('9'.repeat(500), '1'));
    // The adder writes no sign: no sign line; the line names the adder, which answered.
    expect(await page.locator('#long-sign').isHidden()).toBe(true);
    expect(await page.locator('#long-model').textContent()).toMatch(/^Using the pretrained aligned adder: aligned LSTM, \d+ units, trained on numbers of up to 10 digits; backend /);
    expect(await page.locator('#long-model').getAttribute('data-operator')).toBe('+');
  }, 180_000);
});
