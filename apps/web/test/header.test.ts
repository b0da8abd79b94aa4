import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelJson } from '../../../packages/model/src/pretrained/addition-5-digit.js';
import { percent } from '../src/dom.js';
import { launchChromium, openPage } from './browser.js';
import { serveStatic, type StaticServer } from './static-server.js';

const distRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

interface ShippedMetadata {
  training?: { accuracy?: unknown };
  codec: { digits: number };
  architecture: { hiddenSize: number };
}

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(distRoot, 'index.html'))) {
    throw new Error(`no production build at ${distRoot}: run \`pnpm --filter web build\` first (the root \`pnpm test\` builds it)`);
  }
  server = await serveStatic(distRoot);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('web demo header (production build in Chromium)', () => {
  it("shows the pretrained model's recorded validation accuracy", async () => {
    // The number the shipped model's metadata records, read from the package, not restated here.
    const { training, codec, architecture } = (modelJson as unknown as { userDefinedMetadata: ShippedMetadata }).userDefinedMetadata;
    const accuracy = training?.accuracy;
    expect(typeof accuracy).toBe('number');
    const model = `pretrained ${codec.digits}-digit LSTM, ${architecture.hiddenSize} units`;

    const context = await browser.newContext({ serviceWorkers: 'block' });
    try {
      const watch = await openPage(context, server.origin);
      await watch.page.goto(`${server.origin}/`);
      const label = watch.page.locator('#model-label');
      await expect.poll(() => label.textContent(), { timeout: 200_000 }).toMatch(/^pretrained /);
      expect(await label.textContent()).toBe(`${model}, ${percent(accuracy as number)} validation accuracy`);
      expect(watch.problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);
});
