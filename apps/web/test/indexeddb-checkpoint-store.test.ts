// The IndexedDB checkpoint store (src/indexeddb-checkpoint-store.ts) in Chromium's real
// IndexedDB: a test page (checkpoint-store-page/) that bundles the store as the app does, built
// with Vite into a temporary folder and served on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build, defaultClientConditions } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, type PageWatch } from './browser.js';
import { serveStatic, type StaticServer } from './static-server.js';

const pageRoot = join(dirname(fileURLToPath(import.meta.url)), 'checkpoint-store-page');

let outDir = '';
let server: StaticServer;
let browser: Browser;
let context: BrowserContext | undefined;
const watches: PageWatch[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'addrnn-checkpoint-store-page-'));
  await build({
    root: pageRoot,
    configFile: false,
    logLevel: 'warn',
    resolve: { conditions: ['@addrnn/source', ...defaultClientConditions] },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false },
  });
  server = await serveStatic(outDir);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
});

afterEach(async () => {
  const problems = watches.flatMap((watch) => watch.problems);
  await context?.close();
  context = undefined;
  watches.length = 0;
  expect(problems).toEqual([]);
});

/** The test page in a fresh profile (an empty IndexedDB); `again` opens another page in the same profile. */
async function open(): Promise<{ page: Page; again: () => Promise<Page> }> {
  context = await browser.newContext();
  const opened = context;
  const load = async () => {
    const watch = await openPage(opened, server.origin);
    watches.push(watch);
    await watch.page.goto(`${server.origin}/`);
    await watch.page.locator('body[data-ready="true"]').waitFor();
    return watch.page;
  };
  return { page: await load(), again: load };
}

describe('IndexedDB checkpoint store (Chromium)', () => {
  it('creates a run, writes, lists, reads, loads and removes its checkpoints', async () => {
    const { page } = await open();
    const result = await page.evaluate(async () => {
      let companions = 0;
      const store = window.createIndexedDbCheckpointStore!({ run: 'a', database: 'checkpoint-test', companion: () => ({ call: (companions += 1) }) });
      const other = window.createIndexedDbCheckpointStore!({ run: 'b', database: 'checkpoint-test' });
      const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));
      const before = { exists: await store.exists(), list: await store.list() };
      await store.create();
      const created = { exists: await store.exists(), list: await store.list(), otherExists: await other.exists() };
      // optimizer.bin as the trainer hands it: a view at an offset into a larger buffer.
      const moments = new Float32Array([9, 1.5, -2, 9]);
      const model = (tag: string, weights: number[]) => ({
        modelTopology: { tag },
        format: 'layers-model',
        generatedBy: 'test',
        convertedBy: null,
        userDefinedMetadata: { tag },
        weightSpecs: [{ name: 'w', shape: [weights.length], dtype: 'float32' as const }],
        weightData: new Float32Array(weights).buffer,
      });
      await store.write('latest', {
        model: model('latest', [1.5, -2, 3.25]),
        files: [
          ['optimizer.bin', new Uint8Array(moments.buffer, 4, 8)],
          ['trainer-state.json', '{"epoch":1}'],
        ],
      });
      // The model's weights may come as several buffers: they are stored as one weights.bin.
      await store.write('best', { model: { ...model('best', []), weightData: [new Float32Array([7]).buffer, new Float32Array([8, 9]).buffer] }, files: [] });
      const loaded = await (store.modelSource('latest') as { load(): Promise<Record<string, unknown>> }).load();
      const best = await (store.modelSource('best') as { load(): Promise<{ weightData: ArrayBuffer }> }).load();
      let tooLarge: { name: string; code: string; message: string } | undefined;
      try {
        await store.read('latest', 'optimizer.bin', 7);
      } catch (error) {
        tooLarge = { name: (error as Error).name, code: (error as { code: string }).code, message: (error as Error).message };
      }
      const written = {
        list: await store.list(),
        otherList: await other.list(),
        optimizer: [...new Float32Array((await store.read('latest', 'optimizer.bin', 8))!.slice().buffer)],
        state: text(await store.read('latest', 'trainer-state.json', 100)),
        missing: await store.read('latest', 'nothing.bin', 100),
        bestState: await store.read('best', 'trainer-state.json', 100),
        modelJson: JSON.parse(text(await store.read('latest', 'model.json', 10_000))!) as unknown,
        loaded: { ...loaded, weightData: [...new Float32Array(loaded['weightData'] as ArrayBuffer)] },
        bestWeights: [...new Float32Array(best.weightData)],
        tooLarge,
        companion: await store.readCompanion(),
        companions,
        describe: [store.describe(), store.describe('latest'), store.describe('best', 'weights.bin')],
        recovered: await store.recover(),
      };
      await store.remove(['best']);
      const afterBest = { list: await store.list(), companion: await store.readCompanion() };
      await store.remove(['latest']);
      const afterLatest = { list: await store.list(), exists: await store.exists(), companion: await store.readCompanion() };
      await other.create();
      await store.discard();
      const discarded = { exists: await store.exists(), otherExists: await other.exists() };
      return { before, created, written, afterBest, afterLatest, discarded };
    });

    expect(result.before).toEqual({ exists: false, list: [] });
    expect(result.created).toEqual({ exists: true, list: [], otherExists: false });
    const { written } = result;
    expect(written.list).toEqual(['latest', 'best']);
    expect(written.otherList).toEqual([]);
    // Only the view's bytes, not the buffer under it.
    expect(written.optimizer).toEqual([1.5, -2]);
    expect(written.state).toBe('{"epoch":1}');
    expect(written.missing).toBeUndefined();
    expect(written.bestState).toBeUndefined();
    expect(written.modelJson).toEqual({
      format: 'layers-model',
      generatedBy: 'test',
      convertedBy: null,
      modelTopology: { tag: 'latest' },
      userDefinedMetadata: { tag: 'latest' },
      weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [3], dtype: 'float32' }] }],
    });
    expect(written.loaded).toEqual({
      modelTopology: { tag: 'latest' },
      format: 'layers-model',
      generatedBy: 'test',
      userDefinedMetadata: { tag: 'latest' },
      weightSpecs: [{ name: 'w', shape: [3], dtype: 'float32' }],
      weightData: [1.5, -2, 3.25],
    });
    expect(written.bestWeights).toEqual([7, 8, 9]);
    expect(written.tooLarge).toEqual({
      name: 'UnreadableFileError',
      code: 'UNREADABLE_FILE',
      message: 'indexeddb://checkpoint-test/a/latest/optimizer.bin is larger than 7 bytes (8)',
    });
    // The companion is asked for at each write of latest only, and written with it.
    expect(written.companions).toBe(1);
    expect(written.companion).toEqual({ call: 1 });
    expect(written.describe).toEqual(['indexeddb://checkpoint-test/a', 'indexeddb://checkpoint-test/a/latest', 'indexeddb://checkpoint-test/a/best/weights.bin']);
    expect(written.recovered).toEqual([]);
    expect(result.afterBest).toEqual({ list: ['latest'], companion: { call: 1 } });
    // Removing the checkpoints leaves the run (as the Node.js store leaves its directory); discard deletes it.
    expect(result.afterLatest).toEqual({ list: [], exists: true, companion: undefined });
    expect(result.discarded).toEqual({ exists: false, otherExists: true });
  });

  it('keeps the previous checkpoint whole when a write fails part way', async () => {
    const { page } = await open();
    const result = await page.evaluate(async () => {
      let companion: unknown = { tag: 'A' };
      const store = window.createIndexedDbCheckpointStore!({ run: 'r', database: 'checkpoint-test', companion: () => companion });
      const checkpoint = (tag: string, weights: number[], state: unknown) => ({
        model: { modelTopology: { tag }, weightSpecs: [{ name: 'w', shape: [weights.length], dtype: 'float32' as const }], weightData: new Float32Array(weights).buffer },
        files: [
          ['optimizer.bin', new Uint8Array([tag.charCodeAt(0), 0, 0, 0])],
          ['trainer-state.json', state],
        ] as [string, Uint8Array | string][],
      });
      const snapshot = async () => ({
        list: await store.list(),
        weights: [...new Float32Array(((await (store.modelSource('latest') as { load(): Promise<{ weightData: ArrayBuffer }> }).load()).weightData))],
        optimizer: [...(await store.read('latest', 'optimizer.bin', 100))!],
        state: new TextDecoder().decode(await store.read('latest', 'trainer-state.json', 100)),
        modelJson: new TextDecoder().decode(await store.read('latest', 'model.json', 10_000)).includes('"tag":"A"'),
        companion: await store.readCompanion(),
      });
      const failure = async (write: Promise<void>) => {
        try {
          await write;
          return 'written';
        } catch (error) {
          return `${(error as Error).name} ${(error as { code?: string }).code}: ${(error as Error).message}`;
        }
      };
      await store.create();
      await store.write('latest', checkpoint('A', [1, 2], '"A"'));
      const first = await snapshot();
      // B's weights and optimizer.bin are put before its trainer-state.json, which is not bytes.
      const badFile = await failure(store.write('latest', checkpoint('B', [5, 6, 7], 42)));
      const afterBadFile = await snapshot();
      // Every file of B put, then the companion, which IndexedDB cannot copy (a function): the transaction is aborted.
      companion = { tag: 'B', notCloneable: () => undefined };
      const badCompanion = await failure(store.write('latest', checkpoint('B', [5, 6, 7], '"B"')));
      const afterBadCompanion = await snapshot();
      companion = { tag: 'B' };
      await store.write('latest', checkpoint('B', [5, 6, 7], '"B"'));
      return { first, badFile, afterBadFile, badCompanion, afterBadCompanion, last: await snapshot() };
    });

    const whole = { list: ['latest'], weights: [1, 2], optimizer: [65, 0, 0, 0], state: '"A"', modelJson: true, companion: { tag: 'A' } };
    expect(result.first).toEqual(whole);
    expect(result.badFile).toBe(
      'CheckpointError CHECKPOINT: cannot write indexeddb://checkpoint-test/r/latest/trainer-state.json: a checkpoint file must be a string or a Uint8Array, got number 42',
    );
    expect(result.afterBadFile).toEqual(whole);
    expect(result.badCompanion).toMatch(/^CheckpointError CHECKPOINT: cannot write indexeddb:\/\/checkpoint-test\/r\/latest: DataCloneError: .* could not be cloned/);
    expect(result.afterBadCompanion).toEqual(whole);
    // The store still writes: B replaces A whole.
    expect(result.last).toEqual({ list: ['latest'], weights: [5, 6, 7], optimizer: [66, 0, 0, 0], state: '"B"', modelJson: false, companion: { tag: 'B' } });
  });

  it('leaves one whole checkpoint, the old or the new, when the tab closes during a write', { timeout: 120_000 }, async () => {
    const { page: first, again } = await open();
    // A large checkpoint (16 MB of weights) keeps the write busy for a while.
    const size = 4 * 1024 * 1024;
    await first.evaluate(async () => {
      const store = window.createIndexedDbCheckpointStore!({ run: 'r', database: 'checkpoint-test' });
      await store.write('latest', { model: { modelTopology: { tag: 'old' }, weightData: new Float32Array([1]).buffer }, files: [['trainer-state.json', '"old"']] });
    });
    const outcomes: string[] = [];
    let page = first;
    for (const delay of [0, 20, 200, 1000, 3000]) {
      await page.evaluate(
        ({ size, delay }) => {
          const store = window.createIndexedDbCheckpointStore!({ run: 'r', database: 'checkpoint-test' });
          const tag = `new-${delay}`;
          void store.write('latest', {
            model: { modelTopology: { tag }, weightData: new Float32Array(size).fill(delay).buffer },
            files: [['trainer-state.json', JSON.stringify(tag)]],
          });
        },
        { size, delay },
      );
      await page.waitForTimeout(delay);
      await page.close();
      page = await again();
      const found = await page.evaluate(async () => {
        const store = window.createIndexedDbCheckpointStore!({ run: 'r', database: 'checkpoint-test' });
        const model = JSON.parse(new TextDecoder().decode(await store.read('latest', 'model.json', 1_000_000))) as { modelTopology: { tag: string } };
        const weights = new Float32Array((await store.read('latest', 'weights.bin', 64 * 1024 * 1024))!.slice().buffer);
        return { tag: model.modelTopology.tag, state: JSON.parse(new TextDecoder().decode(await store.read('latest', 'trainer-state.json', 100))) as string, length: weights.length, first: weights[0], last: weights.at(-1) };
      });
      // model.json, weights.bin and trainer-state.json all of one write.
      const value = found.tag === 'old' ? 1 : Number(found.tag.slice('new-'.length));
      expect(found).toEqual({ tag: found.tag, state: found.tag, length: found.tag === 'old' ? 1 : size, first: value, last: value });
      outcomes.push(`closed after ${delay} ms: ${found.tag}`);
    }
    console.info(`tab closed during a write: ${outcomes.join('; ')}`);
  });
});
