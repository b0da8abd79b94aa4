// The built app served plainly (no COOP/COEP headers), Chromium, and one page per test that
// must end without console errors, uncaught errors or requests leaving the origin.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium, openPage, type PageWatch } from './browser.js';
import { serveStatic, type StaticServer } from './static-server.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const distRoot = join(appRoot, 'dist');
/** Where the tests save their screenshots. */
export const screenshots = join(appRoot, 'screenshots');

export interface AppPages {
  /** Opens the app at `hash` in a fresh context; service workers blocked (not isolated). */
  open(hash: string, options?: { acceptDownloads?: boolean }): Promise<Page>;
  /** The server's origin, e.g. http://127.0.0.1:PORT. */
  origin(): string;
  /** The open page's watch: its requests and problems. */
  watch(): PageWatch | undefined;
}

/** Registers the suite's hooks (server and browser for the file, a checked page per test). */
export function useAppPages(): AppPages {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let watch: PageWatch | undefined;

  beforeAll(async () => {
    if (!existsSync(join(distRoot, 'index.html'))) {
      throw new Error(`no production build at ${distRoot}: run \`pnpm --filter web build\` first (the root \`pnpm test\` builds it)`);
    }
    await mkdir(screenshots, { recursive: true });
    server = await serveStatic(distRoot);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    // Every test: no console errors, no uncaught errors, no request leaving the origin.
    const problems = watch?.problems ?? [];
    await context?.close();
    context = undefined;
    watch = undefined;
    expect(problems).toEqual([]);
  });

  return {
    async open(hash, options = {}) {
      context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block', ...options });
      watch = await openPage(context, server.origin);
      await watch.page.goto(`${server.origin}/${hash}`);
      return watch.page;
    },
    origin: () => server.origin,
    watch: () => watch,
  };
}
