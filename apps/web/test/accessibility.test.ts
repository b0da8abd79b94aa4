import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAppPages } from './app-pages.js';
import { storedExamplesSeen } from './stored-run-page.js';

const pages = useAppPages();
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.0 / 2.1 level A and AA violations on the page as it is now, one line each. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: await axeSource });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return found.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${violation.help} at ${node.target.join(' ')}`));
}

/**
 * Presses Tab from the top of the page until focus leaves it, and says whether each stop came
 * after the previous one in the document (the tab order follows the page) and what it was.
 */
async function tabOrder(page: Page): Promise<{ inPageOrder: boolean; stops: string[] }> {
  // Start at the page's heading (focusable for the walk only), so the first Tab goes to the first stop.
  await page.evaluate(() => {
    const heading = document.querySelector('h1')!;
    heading.tabIndex = -1;
    heading.focus();
    (window as unknown as { visited: Element[] }).visited = [];
  });
  for (let press = 0; press < 80; press += 1) {
    await page.keyboard.press('Tab');
    const more = await page.evaluate(() => {
      const visited = (window as unknown as { visited: Element[] }).visited;
      const now = document.activeElement;
      if (!now || now === document.body || now.tagName === 'H1' || visited.includes(now)) return false;
      visited.push(now);
      return true;
    });
    if (!more) break;
  }
  return page.evaluate(() => {
    document.querySelector('h1')!.removeAttribute('tabindex');
    const visited = (window as unknown as { visited: Element[] }).visited;
    const inPageOrder = visited.every((node, i) => i === 0 || (visited[i - 1]!.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
    return { inPageOrder, stops: visited.map((node) => `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}`) };
  });
}

/** Every view's checks: no axe violations, and Tab visits its controls in page order, the selected tab first. */
async function checkView(page: Page, tab: string): Promise<string[]> {
  expect(await violations(page)).toEqual([]);
  const { inPageOrder, stops } = await tabOrder(page);
  expect(inPageOrder, stops.join(' ')).toBe(true);
  expect(stops[0]).toBe(`button#tab-${tab}`);
  expect(await page.evaluate(() => document.querySelectorAll('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').length)).toBe(0);
  return stops;
}

/** Opens `hash` and waits until its view has settled (model loaded, results shown). */
async function settled(hash: string, ready: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await pages.open(hash);
  await ready(page);
  return page;
}

describe('accessibility (axe-core, WCAG 2.1 A and AA, production build in Chromium)', () => {
  it('the check finds what it looks for: an unlabelled field and low-contrast text', async () => {
    const page = await settled('#ask', (p) => p.locator('#ask').waitFor({ state: 'visible' }));
    await page.evaluate(() => {
      const form = document.querySelector('#ask form')!;
      form.append(Object.assign(document.createElement('input'), { id: 'unlabelled' }));
      form.append(Object.assign(document.createElement('p'), { textContent: 'faint', style: 'color: #ccc' }));
    });
    const found = await violations(page);
    expect(found.some((line) => line.startsWith('label ') && line.includes('#unlabelled'))).toBe(true);
    expect(found.some((line) => line.startsWith('color-contrast '))).toBe(true);
  }, 180_000);

  it('Ask: no violations, before and after an answer', async () => {
    const page = await settled('#ask', (p) => expect.poll(() => p.locator('#model-label').textContent(), { timeout: 120_000 }).toMatch(/pretrained/));
    expect(await checkView(page, 'ask')).toContain('input#question');
    await page.getByLabel('Question').fill('535+61');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#ask .answer').first().textContent(), { timeout: 60_000 }).toMatch(/\d/);
    expect(await violations(page)).toEqual([]);
    // The confidence bars in words, and the answer announced in a live region.
    await expect.poll(() => page.locator('#confidence').getAttribute('aria-label')).toMatch(/^Confidence per answer digit: \d \d+\.\d %/);
    await expect.poll(() => page.locator('#ask-status').textContent()).toMatch(/^535\+61: the model says \d+, (right|wrong)/);
    expect(await page.locator('#ask-status').getAttribute('role')).toBe('status');
    // The multiplier chosen: the model chooser, its state line and a product.
    await page.getByLabel('Model to ask').selectOption('multiply');
    await expect.poll(() => page.locator('#ask-model-state').getAttribute('data-state'), { timeout: 120_000 }).toBe('ready');
    await expect.poll(() => page.locator('#model-answer').textContent(), { timeout: 60_000 }).toMatch(/^\d+$/);
    expect(await checkView(page, 'ask')).toEqual(expect.arrayContaining(['select#ask-model-choice', 'input#question']));
  }, 180_000);

  it('Try many: no violations with a table of results', async () => {
    const page = await settled('#try', (p) => expect.poll(() => p.locator('#model-label').textContent(), { timeout: 120_000 }).toMatch(/pretrained/));
    await page.locator('#try button').first().click();
    await expect.poll(() => page.locator('#try tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await checkView(page, 'try')).toContain('button#hard-cases');
  }, 180_000);

  it('Train: no violations in the form and its charts', async () => {
    const page = await settled('#train', (p) => p.locator('#train').waitFor({ state: 'visible' }));
    expect((await checkView(page, 'train')).length).toBeGreaterThan(5);
    // The charts in words: their placeholder until a run draws points.
    expect(await page.locator('#chart-loss .chart-summary').textContent()).toBe('Start a training run to see its progress.');
  }, 180_000);

  it('Train: no violations with the offer to resume a stored run', async () => {
    // A small run, a checkpoint every 2,000 examples, left by a reload.
    const page = await settled('?backend=wasm&checkpoint-every=2000#train', (p) => p.locator('#train').waitFor({ state: 'visible' }));
    await page.getByLabel('Digits per number').fill('2');
    await page.getByLabel('Hidden size').fill('16');
    await page.getByLabel('Batch size').fill('32');
    await page.getByLabel('Examples per epoch').fill('200000');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => storedExamplesSeen(page), { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
    await page.reload();
    const banner = page.locator('#train-resume-banner');
    await expect.poll(() => banner.getAttribute('data-stored-run'), { timeout: 60_000 }).toBe('resumable');
    expect(await banner.isVisible()).toBe(true);
    expect(await checkView(page, 'train')).toEqual(expect.arrayContaining(['button#train-resume', 'button#train-discard', 'select#train-preset', 'button#train-start']));
  }, 180_000);

  it('Long sums: no violations with a sum and its strip', async () => {
    const page = await settled('#long', (p) => expect.poll(() => p.locator('#long-model').textContent(), { timeout: 120_000 }).toMatch(/^Using the pretrained aligned adder: /));
    await page.getByLabel('Left number').fill('9'.repeat(300));
    await page.getByLabel('Right number').fill('1');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.locator('#long-verdict').textContent(), { timeout: 60_000 }).toMatch(/Exact|Wrong/);
    expect(await checkView(page, 'long')).toEqual(expect.arrayContaining(['textarea#long-left', 'output#long-sum']));
    expect(await page.locator('#long-strip').getAttribute('aria-label')).toMatch(/^Confidence of each of the 301 answer digits\. Lowest confidence: /);
    // A subtraction: the operator control, a negative answer and its sign's line.
    await page.locator('#long').getByLabel('Operator', { exact: true }).selectOption('-');
    await page.getByLabel('Left number').fill('1');
    await page.getByLabel('Right number').fill(`1${'0'.repeat(300)}`);
    await page.getByRole('button', { name: 'Subtract', exact: true }).click();
    await expect.poll(() => page.locator('#long-sign').textContent(), { timeout: 60_000 }).toMatch(/^Sign: − /);
    expect(await checkView(page, 'long')).toEqual(expect.arrayContaining(['textarea#long-left', 'select#long-operator', 'textarea#long-right', 'output#long-sum']));
  }, 180_000);

  it('Inside the carry: no violations with a plot', async () => {
    const page = await settled('#carry', (p) => expect.poll(() => p.locator('#carry-figure').getAttribute('data-columns'), { timeout: 120_000 }).toBe('31'));
    expect(await checkView(page, 'carry')).toEqual(expect.arrayContaining(['input#carry-top', 'input#carry-column', 'button#carry-play']));
    expect(await page.locator('#carry-figure svg').getAttribute('aria-label')).toBe(await page.locator('#carry-window-summary').textContent());
    // The signed model: the operator, its examples, and the sign plot under the borrow plot.
    await page.getByLabel('Model to look inside').selectOption('signed');
    await expect.poll(() => page.locator('#carry-figure').getAttribute('data-sign-truth'), { timeout: 180_000 }).not.toBe(null);
    // Its first example plays column by column: checked once it has played.
    await expect.poll(() => page.locator('#carry-play').getAttribute('data-playing'), { timeout: 60_000 }).toBe('false');
    expect(await checkView(page, 'carry')).toEqual(expect.arrayContaining(['select#carry-model-choice', 'select#carry-operator', 'button#carry-play']));
    expect(await page.locator('#carry-figure svg[data-quantity="sign"]').getAttribute('aria-label')).toBe(await page.locator('#carry-sign-window-summary').textContent());
  }, 300_000);

  it('the tabs follow the WAI-ARIA pattern: arrows, Home and End move between them, one tab stop', async () => {
    const page = await settled('#ask', (p) => p.locator('#ask').waitFor({ state: 'visible' }));
    const selected = () => page.evaluate(() => [document.activeElement?.id, document.querySelector('[role=tab][aria-selected=true]')?.id, location.hash]);
    await page.getByRole('tab', { name: 'Ask' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await selected()).toEqual(['tab-try', 'tab-try', '#try']);
    await page.keyboard.press('End');
    expect(await selected()).toEqual(['tab-carry', 'tab-carry', '#carry']);
    await page.keyboard.press('ArrowRight');
    expect(await selected()).toEqual(['tab-ask', 'tab-ask', '#ask']);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Home');
    expect(await selected()).toEqual(['tab-ask', 'tab-ask', '#ask']);
    expect(await page.locator('[role=tab][tabindex="0"]').count()).toBe(1);
    expect(await page.locator('#carry').isVisible()).toBe(false);
  }, 180_000);
});
