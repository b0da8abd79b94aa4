import { Codec } from '@addrnn/codec';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshots, useAppPages } from './app-pages.js';

const pages = useAppPages();

/** The message the multiplier's task gives for `question` (its check and `codec.solve` say the same). */
function multiplierMessage(question: string): string {
  try {
    new Codec({ digits: 5, operators: ['*'] }).parseQuestion(question);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${question} is a valid multiplication`);
}

/** The example buttons' labels, in order. */
function exampleButtons(page: Page): Promise<string[]> {
  return page.locator('#ask-examples button').allTextContents();
}

/** Types `question` and waits until the model's answer to it is on screen; returns it with the truth and the mark. */
async function ask(page: Page, question: string, expected: string): Promise<{ model: string | null; truth: string | null; mark: string | null }> {
  await page.getByLabel('Question').fill(question);
  await expect.poll(() => page.locator('#model-answer').textContent(), { timeout: 60_000 }).toBe(expected);
  return {
    model: await page.locator('#model-answer').textContent(),
    truth: await page.locator('#true-answer').textContent(),
    mark: await page.locator('#answer-mark').textContent(),
  };
}

describe('Ask view: the pretrained multiplier (production build in Chromium)', () => {
  it('loads the multiplier when chosen, multiplies, rejects an addition, and goes back to the adder', async () => {
    const page = await pages.open('#ask');
    await expect.poll(() => page.locator('#model-label').textContent(), { timeout: 120_000 }).toMatch(/^pretrained 5-digit/);
    await expect.poll(() => page.locator('#model-answer').textContent(), { timeout: 60_000 }).toBe('596');
    const chooser = page.getByLabel('Model to ask');
    expect(await chooser.inputValue()).toBe('current');
    expect(await chooser.locator('option').allTextContents()).toEqual([
      expect.stringMatching(/^The app’s model: pretrained 5-digit /),
      'The multiplier, up to 5 × 5 digits (pretrained:multiply)',
    ]);
    expect(await page.locator('#true-caption').textContent()).toBe('True sum');

    // Every state the model line goes through, from the choice on.
    await page.evaluate(() => {
      const line = document.querySelector<HTMLElement>('#ask-model-state')!;
      const seen: string[] = [];
      (window as unknown as { modelStates: string[] }).modelStates = seen;
      new MutationObserver(() => seen.push(line.dataset['state'] ?? '')).observe(line, { attributes: true, attributeFilter: ['data-state'] });
    });
    await chooser.selectOption('multiply');
    await expect.poll(() => page.locator('#ask-model-state').getAttribute('data-state'), { timeout: 120_000 }).toBe('ready');
    expect(await page.evaluate(() => (window as unknown as { modelStates: string[] }).modelStates)).toEqual(['loading', 'ready']);
    expect(await page.locator('#ask-model-state').textContent()).toMatch(/^The multiplier answers: pretrained aligned LSTM, 128 units, trained on numbers of up to 5 digits, \d+\.\d % validation accuracy\.$/);
    // The multiplier is the Ask view's own: the app's model (header, Try many) is still the adder.
    expect(await page.locator('#model-label').textContent()).toMatch(/^pretrained 5-digit/);

    // Hint, examples, caption and the question's length follow the multiplier; 535+61 gave way to its first example.
    expect(await page.locator('#question-hint').textContent()).toMatch(/^Two whole numbers of up to 5 digits joined by \*, like 123\*45\. .*only accurate here\.$/);
    expect(await exampleButtons(page)).toEqual(['123*45', '999*999', '7*8', '305*41']);
    expect(await page.locator('#true-caption').textContent()).toBe('True product');
    expect(await page.getByLabel('Question').inputValue()).toBe('123*45');
    expect(await page.getByLabel('Question').getAttribute('maxlength')).toBe('11');

    expect(await ask(page, '123*45', '5535')).toEqual({ model: '5535', truth: '5535', mark: '✓ right' });
    expect(await page.locator('#confidence .digit').count()).toBe(4);
    await expect.poll(() => page.locator('#ask-status').textContent()).toBe('123*45: the model says 5535, right.');
    await page.screenshot({ path: join(screenshots, 'ask-multiplier.png'), fullPage: true });

    // An example button asks its question.
    await page.locator('#ask-examples').getByRole('button', { name: '7*8', exact: true }).click();
    expect(await page.getByLabel('Question').inputValue()).toBe('7*8');
    await expect.poll(() => page.locator('#model-answer').textContent()).toBe('56');
    expect(await page.locator('#true-answer').textContent()).toBe('56');
    expect(await page.locator('#answer-mark').textContent()).toBe('✓ right');

    // An addition: the multiplier's check says why, inline.
    const question = page.getByLabel('Question');
    await question.fill('12+3');
    const message = multiplierMessage('12+3');
    expect(message).toContain('operator "+" at position 2 is not in this task');
    await expect.poll(() => page.locator('#question-error').textContent()).toBe(message);
    expect(await page.locator('#question-error').isVisible()).toBe(true);
    expect(await question.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#model-answer').textContent()).toBe('');
    expect(await page.locator('#true-answer').textContent()).toBe('');

    // Back to the adder: its wording and its answers.
    await chooser.selectOption('current');
    expect(await page.locator('#ask-model-state').getAttribute('data-state')).toBe('current');
    expect(await page.locator('#true-caption').textContent()).toBe('True sum');
    expect(await exampleButtons(page)).toEqual(['535+61', '99999+1', '12345+67890', '5+5']);
    expect(await page.locator('#question-hint').textContent()).toBe('Two whole numbers of up to 5 digits joined by +, like 535+61.');
    expect(await question.getAttribute('maxlength')).toBe('11');
    expect(await ask(page, '535+61', '596')).toEqual({ model: '596', truth: '596', mark: '✓ right' });
    expect(await page.locator('#question-error').isVisible()).toBe(false);

    // Chosen again, the multiplier answers at once: it loaded once.
    await chooser.selectOption('multiply');
    expect(await page.locator('#ask-model-state').getAttribute('data-state')).toBe('ready');
    expect(await page.getByLabel('Question').inputValue()).toBe('123*45');
    await expect.poll(() => page.locator('#model-answer').textContent()).toBe('5535');
    expect(pages.watch()!.requests.filter((url) => /\/assets\/multiply-[^/]*\.js$/.test(url))).toHaveLength(1);
  }, 240_000);

  it('goes back to the app’s model when a trained one is put to use', async () => {
    const page = await pages.open('?backend=wasm#ask');
    await page.getByLabel('Model to ask').selectOption('multiply');
    await expect.poll(() => page.locator('#model-answer').textContent(), { timeout: 120_000 }).toBe('5535');
    // A tiny run (1 digit, 2 epochs) and "Use this model": the Ask view answers with it.
    await page.getByRole('tab', { name: 'Train' }).click();
    await page.getByLabel('Preset').selectOption('keras');
    await page.getByLabel('Digits per number').fill('1');
    await page.getByLabel('Examples per epoch').fill('256');
    await page.getByLabel('Hidden size').fill('16');
    await page.getByLabel('Batch size').fill('32');
    await page.getByLabel('Epochs').fill('2');
    await page.getByLabel('Backend').selectOption('wasm');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.locator('#train-state').textContent(), { timeout: 120_000 }).toMatch(/Training finished after 2 epochs/);
    await page.getByRole('button', { name: 'Use this model' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Ask' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByLabel('Model to ask').inputValue()).toBe('current');
    expect(await page.locator('#ask-model-state').getAttribute('data-state')).toBe('current');
    expect(await page.locator('#question-hint').textContent()).toBe('Two whole numbers of up to 1 digit joined by +, like 535+61.');
    await page.getByLabel('Question').fill('3+4');
    await expect.poll(() => page.locator('#true-answer').textContent()).toBe('7');
    expect(await page.locator('#model-answer').textContent()).toMatch(/^(\d{1,2}|\(blank\))$/);
  }, 240_000);
});
