// Browser bundles of the packed tarballs, outside the workspace, as a new user would build them:
// a Vite app (`base: './'`), an esbuild bundle (`--loader:.wasm=file`, no `--public-path`) and a
// webpack 5 bundle (one asset/resource rule for .wasm, `publicPath: 'auto'`). Each is laid out as
// sites are: the page in a folder of its own below the site root (`/app/index.html`), its bundle
// one folder below the page (`/app/out/`). Each is served on 127.0.0.1 and opened in Debian's
// Chromium, which must see no failed request (a URL resolved against the page instead of the
// module that imported it asks for `/app/x.wasm` or `/x.wasm`: a 404) and no console error. Also: the bundle-size budget of a minimal "ask one question" app, and
// that `require('@addrnn/model')` leaves the pretrained weights unread until loadAdder().
// Needs `pnpm build` first, the npm registry (tfjs, vite, esbuild, webpack) and /usr/bin/chromium.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../apps/web/test/browser.js';
import { crossOriginIsolationHeaders, serveStatic, type ServeOptions } from '../../apps/web/test/static-server.js';
import { publishedPackages } from '../../scripts/published-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const budgetFile = join(dirname(fileURLToPath(import.meta.url)), 'bundle-size-budget.json');
const tfjs = ['@tensorflow/tfjs@4.22.0', '@tensorflow/tfjs-backend-wasm@4.22.0'];
// Versions that run on Node 20.19: vite as apps/web uses it, esbuild as the repository's, webpack 5.
const bundlers = { vite: ['vite@8.4.0'], esbuild: ['esbuild@0.25.12'], webpack: ['webpack@5.113.0', 'webpack-cli@6.0.1'] } as const;
type AppName = keyof typeof bundlers;
const env = { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };

let workDirectory = '';
let browser: Browser | undefined;
const packed = new Map<string, string>();
const projects = new Map<AppName, string>();
const buildOutput = new Map<AppName, string>();

function runAsync(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`, { cause: error }));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

// The tiny training run both apps below start (no outDir), as source text they inline.
const tinyRun = `{ task: { digits: 1 }, model: { hiddenSize: 8 }, epochs: 1, examplesPerEpoch: 64, batchSize: 32, validationSize: 4, backend: 'wasm' }`;

// The consumer app: ?backend=wasm|auto asks one question, ?train=1 trains a tiny model (no outDir),
// ?aligned=1 adds two long numbers with the shipped aligned adder (its own lazy chunk, the kernel),
// ?worker=1 trains in a module Web Worker on 2 threads, as a cross-origin isolated page may.
const mainJs = `import '@addrnn/model/wasm';
import { loadAdder, useBackend } from '@addrnn/model';
import { train } from '@addrnn/trainer';

const tinyRun = ${tinyRun};

const show = (key, value) => {
  document.body.dataset[key] = String(value);
};

async function main() {
  const params = new URLSearchParams(location.search);
  try {
    if (params.get('worker') === '1') {
      // Each bundler finds the worker from new URL(..., import.meta.url); esbuild builds it as an entry of its own.
      const worker = new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module', name: 'consumer-train' });
      const result = await new Promise((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(\`train worker: \${event.message}\`));
        worker.postMessage({ threads: 2 });
      });
      worker.terminate();
      if (result.error !== undefined) throw new Error(result.error);
      show('isolated', self.crossOriginIsolated);
      show('trained', result.trained);
      show('threads', result.threads);
      show('implementation', result.implementation);
    } else if (params.get('train') === '1') {
      const { history } = await train({
        ...tinyRun,
        threads: 1,
      });
      show('trained', history.length);
    } else if (params.get('multiply') === '1') {
      await useBackend('wasm');
      const multiplier = await loadAdder('pretrained:multiply');
      show('family', multiplier.family);
      show('embeddingSize', multiplier.metadata.architecture.embeddingSize);
      show('products', multiplier.predictBatch(['12345*678', '99999*99999', '7*8']).join(' '));
    } else if (params.get('aligned') === '1') {
      await useBackend('wasm');
      const adder = await loadAdder('pretrained:aligned');
      show('family', adder.family);
      show('longAnswer', adder.predict('9'.repeat(1000) + '+1'));
    } else {
      const info = await useBackend(params.get('backend') ?? 'wasm');
      const adder = await loadAdder();
      show('backend', info.name);
      show('adderBackend', adder.backend.name);
      show('answer', adder.predict('535+61'));
    }
  } catch (error) {
    console.error(error);
    show('error', error instanceof Error ? error.message : String(error));
  }
  show('done', 'yes');
}
main();
`;

// The consumer's training worker: trains a tiny model on the threads asked for and says on how many it ran.
const trainWorkerJs = `import '@addrnn/model/wasm';
import { train } from '@addrnn/trainer';

const tinyRun = ${tinyRun};

self.onmessage = async (event) => {
  try {
    let started;
    const { history } = await train({
      ...tinyRun,
      threads: event.data.threads,
      callbacks: { onStart: (info) => { started = info; } },
    });
    self.postMessage({ trained: history.length, threads: started.threads, implementation: started.implementation });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
`;

// The smallest useful app, for the size budget: the wasm backend and one question.
const askJs = `import '@addrnn/model/wasm';
import { loadAdder } from '@addrnn/model';

const adder = await loadAdder(undefined, { backend: 'wasm' });
document.body.textContent = adder.predict('535+61');
`;

// Each app's site: served from site/, the page at /app/ and the bundle below it in /app/out/.
const siteFolder = 'site';
const pagePath = '/app/';
const bundleFolder = 'site/app/out';

const indexHtml = (script: string, type: 'module' | 'defer' = 'module') =>
  `<!doctype html>\n<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>addrnn consumer</title></head>\n<body><script ${type === 'module' ? 'type="module"' : 'defer'} src="${script}"></script></body></html>\n`;

// Vite builds index.html (the input) into site/app/, its scripts and assets into site/app/out/;
// base './' makes every URL relative, so the site may live in any folder.
const viteConfig = `export default {
  base: './',
  build: { outDir: 'site/app', assetsDir: 'out' },
};
`;

// 'auto' (webpack's default for the web) finds the public path from the script's own URL.
const webpackConfig = `export default {
  mode: 'production',
  entry: './main.js',
  output: { path: new URL('./${bundleFolder}/', import.meta.url).pathname, publicPath: 'auto', filename: 'main.js', clean: true },
  module: { rules: [{ test: /\\.wasm$/, type: 'asset/resource' }] },
  performance: { hints: false },
};
`;

const esbuildFlags = ['--bundle', '--format=esm', '--splitting', '--platform=browser', '--minify', '--loader:.wasm=file'];

beforeAll(async () => {
  workDirectory = mkdtempSync(join(tmpdir(), 'addrnn-bundles-'));
  const packDirectory = join(workDirectory, 'tarballs');
  mkdirSync(packDirectory);
  const tarballs: string[] = [];
  for (const { name, directory, library } of publishedPackages) {
    if (!library) continue;
    const before = new Set(readdirSync(packDirectory));
    execFileSync('pnpm', ['pack', '--pack-destination', packDirectory], { cwd: join(root, directory), stdio: 'ignore' });
    const added = readdirSync(packDirectory).filter((file) => !before.has(file));
    expect(added, `pnpm pack of ${name}`).toHaveLength(1);
    tarballs.push(join(packDirectory, added[0]!));
    packed.set(name, join(packDirectory, added[0]!));
  }
  // Three independent projects, installed at once.
  await settleAll(
    (Object.keys(bundlers) as AppName[]).map(async (app) => {
      const directory = join(workDirectory, app);
      mkdirSync(directory, { recursive: true });
      writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: `${app}-consumer`, version: '1.0.0', private: true, type: 'module' }, null, 2));
      await runAsync('npm', ['install', '--no-package-lock', '--loglevel=error', ...tarballs, ...tfjs, ...bundlers[app]], directory);
      writeFileSync(join(directory, 'main.js'), mainJs);
      writeFileSync(join(directory, 'ask.js'), askJs);
      writeFileSync(join(directory, 'train-worker.js'), trainWorkerJs);
      projects.set(app, directory);
    }),
  );
  // Build all three (webpack is the slow one) while nothing else runs.
  await settleAll([
    (async () => {
      const directory = projects.get('vite')!;
      writeFileSync(join(directory, 'index.html'), indexHtml('./main.js'));
      writeFileSync(join(directory, 'vite.config.js'), viteConfig);
      buildOutput.set('vite', await runAsync('node', ['node_modules/vite/bin/vite.js', 'build'], directory));
    })(),
    (async () => {
      const directory = projects.get('esbuild')!;
      buildOutput.set('esbuild', await runAsync(join(directory, 'node_modules/.bin/esbuild'), ['main.js', 'train-worker.js', ...esbuildFlags, `--outdir=${bundleFolder}`], directory));
      writeFileSync(join(directory, bundleFolder, '..', 'index.html'), indexHtml('./out/main.js'));
    })(),
    (async () => {
      const directory = projects.get('webpack')!;
      writeFileSync(join(directory, 'webpack.config.js'), webpackConfig);
      buildOutput.set('webpack', await runAsync('node', ['node_modules/webpack-cli/bin/cli.js'], directory));
      // A classic deferred script, as html-webpack-plugin writes it.
      writeFileSync(join(directory, bundleFolder, '..', 'index.html'), indexHtml('./out/main.js', 'defer'));
    })(),
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (workDirectory) rmSync(workDirectory, { recursive: true, force: true, maxRetries: 5 });
});

/** Like Promise.all, but waits for every task to end (no build left writing into a removed folder). */
async function settleAll(tasks: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Opens the app's page, /app/ of its site; `requests` are the paths the server was asked for. */
async function openApp(
  app: AppName,
  query: string,
  serve: ServeOptions = {},
): Promise<{ data: Record<string, string>; problems: string[]; requests: string[] }> {
  const server = await serveStatic(join(projects.get(app)!, siteFolder), serve);
  const context = await browser!.newContext();
  try {
    const { page, problems } = await openPage(context, server.origin);
    // Every response Chromium got, the page's and its workers': a 404 is a URL resolved wrongly.
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    page.on('requestfailed', (request) => problems.push(`request failed (${request.failure()?.errorText ?? 'unknown'}): ${request.url()}`));
    await page.goto(`${server.origin}${pagePath}${query}`);
    await page.waitForSelector('body[data-done]', { state: 'attached', timeout: 240_000 });
    const data = await page.evaluate(() => ({ ...document.body.dataset }) as Record<string, string>);
    return { data, problems, requests: [...server.requests] };
  } finally {
    await context.close();
    await server.close();
  }
}

describe('published package.json', () => {
  it.each(['@addrnn/model', '@addrnn/trainer'])('%s: no workspace-only condition, and every exports/imports target is in the tarball', (name) => {
    const tarball = packed.get(name)!;
    const manifest = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
    const files = new Set(execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').map((file) => file.replace(/^package\//, './')));
    expect(manifest).not.toContain('@addrnn/source');
    const { exports, imports } = JSON.parse(manifest) as { exports: unknown; imports?: unknown };
    const targets: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.push(value);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(exports);
    collect(imports);
    expect(targets.length).toBeGreaterThan(4);
    expect(targets.filter((target) => !files.has(target))).toEqual([]);
  });
});

describe.each(Object.keys(bundlers) as AppName[])('%s consumer app in Chromium', (app) => {
  it('builds without "Could not resolve" or "Critical dependency"', () => {
    const output = buildOutput.get(app)!;
    expect(output).not.toMatch(/Could not resolve/i);
    expect(output).not.toMatch(/Critical dependency/i);
    // Nothing Node-only reached the bundle: no import of a node: module, not the Node side of
    // either package's #platform (it names tfjs-node), but their browser stubs.
    const dist = join(projects.get(app)!, bundleFolder);
    const scripts = listFiles(dist).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const text = scripts.map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(text).not.toMatch(/(import\(|require\(|from\s*)["'`]node:/);
    expect(text).not.toContain('@tensorflow/tfjs-node');
    expect(text).toContain('this build of @addrnn/model is the browser one');
    expect(text).toContain('train without outDir in a browser');
    // The wasm binaries were emitted as files by the bundler, into the bundle's folder.
    expect(listFiles(dist).filter((file) => file.endsWith('.wasm')).length).toBe(3);
    // The page is one folder above the bundle.
    expect(readdirSync(join(dist, '..'))).toContain('index.html');
  });

  it('runs on wasm when forced and answers 535+61 = 596, with the binary fetched from the bundle folder', async () => {
    const { data, problems, requests } = await openApp(app, '?backend=wasm');
    expect(data['error']).toBeUndefined();
    expect(data).toMatchObject({ backend: 'wasm', adderBackend: 'wasm', answer: '596' });
    expect(problems).toEqual([]);
    const wasmRequests = requests.filter((path) => path.endsWith('.wasm'));
    expect(wasmRequests.length).toBeGreaterThan(0);
    expect(wasmRequests.filter((path) => !path.startsWith(`${pagePath}out/`))).toEqual([]);
  });

  it('runs on webgl or wasm under auto', async () => {
    const { data, problems } = await openApp(app, '?backend=auto');
    expect(data['error']).toBeUndefined();
    expect(['webgl', 'wasm']).toContain(data['backend']);
    expect(data['answer']).toBe('596');
    expect(problems).toEqual([]);
  });

  it('adds 1,000 nines + 1 with pretrained:aligned on wasm, its weights a lazy chunk from the bundle folder', async () => {
    const { data, problems, requests } = await openApp(app, '?aligned=1');
    expect(data['error']).toBeUndefined();
    expect(data['family']).toBe('aligned');
    expect(data['longAnswer']).toBe(`1${'0'.repeat(1000)}`);
    expect(problems).toEqual([]);
    // Every script and binary came from the bundle's folder: the lazy weights chunk too.
    const assets = requests.filter((path) => /\.(js|wasm)$/.test(path));
    expect(assets.length).toBeGreaterThan(1);
    expect(assets.filter((path) => !path.startsWith(`${pagePath}out/`))).toEqual([]);
  });

  it('multiplies with pretrained:multiply on wasm (its embedding folded into the kernel forward pass), its weights a lazy chunk from the bundle folder', async () => {
    const { data, problems, requests } = await openApp(app, '?multiply=1');
    expect(data['error']).toBeUndefined();
    expect(data).toMatchObject({ family: 'aligned', embeddingSize: '4', products: '8369910 9999800001 56' });
    expect(problems).toEqual([]);
    const assets = requests.filter((path) => /\.(js|wasm)$/.test(path));
    // The weights came as a chunk of their own (webpack names chunks by number, so only the count says so).
    expect(assets.length).toBeGreaterThan(1);
    expect(assets.filter((path) => !path.startsWith(`${pagePath}out/`))).toEqual([]);
  });

  it('trains with @addrnn/trainer without outDir', async () => {
    const { data, problems } = await openApp(app, '?train=1');
    expect(data['error']).toBeUndefined();
    expect(data['trained']).toBe('1');
    expect(problems).toEqual([]);
  });

  // Training threads need a cross-origin isolated page, where tfjs-wasm would also start its own
  // threaded binary: minified, its pthread workers died ("e is not defined") and the backend hung.
  it('trains on 2 kernel threads in a module worker of a cross-origin isolated page', async () => {
    const { data, problems } = await openApp(app, '?worker=1', { headers: crossOriginIsolationHeaders });
    expect(data['error']).toBeUndefined();
    expect(data['isolated']).toBe('true');
    expect(data['trained']).toBe('1');
    expect(data['implementation']).toBe('kernel');
    expect(data['threads']).toBe('2');
    expect(problems).toEqual([]);
  });
});

function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .map((file) => join(directory, file))
    .filter((file) => statSync(file).isFile());
}

interface Budget {
  javascriptGzipBytes: number;
  weightsGzipBytes: number;
  alignedWeightsGzipBytes: number;
  signedWeightsGzipBytes: number;
  multiplyWeightsGzipBytes: number;
}

describe('bundle-size budget of a minimal "ask one question" app', () => {
  it('stays within 10% of test/packaging/bundle-size-budget.json (JavaScript and weights apart)', async () => {
    const directory = projects.get('esbuild')!;
    const out = join(directory, 'ask-dist');
    await runAsync(join(directory, 'node_modules/.bin/esbuild'), ['ask.js', ...esbuildFlags, `--outdir=${out}`], directory);
    let javascript = 0;
    let weights = 0;
    let weightsFiles = 0;
    let alignedWeights = 0;
    let alignedFiles = 0;
    let signedWeights = 0;
    let signedFiles = 0;
    let multiplyWeights = 0;
    let multiplyFiles = 0;
    for (const file of listFiles(out).filter((name) => name.endsWith('.js'))) {
      const gzip = gzipSync(readFileSync(file), { level: 9 }).length;
      if (/addition-5-digit/.test(file)) {
        weights += gzip;
        weightsFiles += 1;
      } else if (/aligned/.test(file)) {
        alignedWeights += gzip;
        alignedFiles += 1;
      } else if (/signed/.test(file)) {
        signedWeights += gzip;
        signedFiles += 1;
      } else if (/multiply/.test(file)) {
        multiplyWeights += gzip;
        multiplyFiles += 1;
      } else {
        javascript += gzip;
      }
    }
    // Each shipped model's weights are a chunk of their own, loaded lazily: this app never
    // fetches the aligned adder's, the signed model's or the multiplier's.
    expect(weightsFiles).toBe(1);
    expect(alignedFiles).toBe(1);
    expect(signedFiles).toBe(1);
    expect(multiplyFiles).toBe(1);
    const budget = JSON.parse(readFileSync(budgetFile, 'utf8')) as Budget;
    const measured = { javascriptGzipBytes: javascript, weightsGzipBytes: weights, alignedWeightsGzipBytes: alignedWeights, signedWeightsGzipBytes: signedWeights, multiplyWeightsGzipBytes: multiplyWeights };
    console.log(`minimal ask app, gzip: ${JSON.stringify(measured)}; budget ${JSON.stringify(budget)}`);
    expect(javascript).toBeLessThanOrEqual(Math.round(budget.javascriptGzipBytes * 1.1));
    expect(weights).toBeLessThanOrEqual(Math.round(budget.weightsGzipBytes * 1.1));
    expect(alignedWeights).toBeLessThanOrEqual(Math.round(budget.alignedWeightsGzipBytes * 1.1));
    expect(signedWeights).toBeLessThanOrEqual(Math.round(budget.signedWeightsGzipBytes * 1.1));
    expect(multiplyWeights).toBeLessThanOrEqual(Math.round(budget.multiplyWeightsGzipBytes * 1.1));
  });
});

describe('CommonJS consumer', () => {
  it("require('@addrnn/model') does not read or parse the pretrained weights until loadAdder()", async () => {
    const directory = projects.get('esbuild')!;
    // Heap the weights module costs on its own, and what require('@addrnn/model') costs, each
    // after tfjs and the codec are loaded and a full GC.
    const measure = (load: string, setup = '') =>
      [
        "const used = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed; };",
        "require('@tensorflow/tfjs');",
        "require('@addrnn/codec');",
        setup,
        'const before = used();',
        `const loaded = ${load};`,
        'console.log(JSON.stringify({ bytes: used() - before, keep: typeof loaded }));',
      ].join('\n');
    writeFileSync(join(directory, 'heap-weights.cjs'), measure("require('./node_modules/@addrnn/model/dist/pretrained/addition-5-digit.cjs')"));
    // The weights module required after the package: if require('@addrnn/model') had read the
    // weights already, this would cost next to nothing (the module is cached).
    const weightsModule = "require('./node_modules/@addrnn/model/dist/pretrained/addition-5-digit.cjs')";
    writeFileSync(join(directory, 'heap-weights-after-model.cjs'), measure(weightsModule, "require('@addrnn/model');"));
    const bytes = async (script: string) => (JSON.parse((await runAsync('node', ['--expose-gc', script], directory)).trim().split('\n').at(-1)!) as { bytes: number }).bytes;
    const weightsBytes = await bytes('heap-weights.cjs');
    const weightsAfterModelBytes = await bytes('heap-weights-after-model.cjs');
    console.log(`heap after require: weights module ${weightsBytes} B, the same after @addrnn/model ${weightsAfterModelBytes} B`);
    // The base64 weights alone hold over a megabyte of heap, and they still cost it after
    // require('@addrnn/model'): the package did not read them.
    expect(weightsBytes).toBeGreaterThan(1_000_000);
    expect(weightsAfterModelBytes).toBeGreaterThan(0.8 * weightsBytes);

    // And with the weights files moved away, require still works; only loadAdder() needs them.
    const pretrained = join(directory, 'node_modules/@addrnn/model/dist/pretrained');
    const aside = join(directory, 'pretrained-aside');
    writeFileSync(
      join(directory, 'lazy.cjs'),
      [
        "const { loadAdder, createModel } = require('@addrnn/model');",
        "console.log('required', typeof createModel);",
        "loadAdder(undefined, { backend: 'cpu' }).then(() => console.log('loaded'), (error) => console.log('loadAdder failed:', String(error.message).split('\\n')[0]));",
      ].join('\n'),
    );
    renameSync(pretrained, aside);
    let withoutWeights: string;
    try {
      withoutWeights = await runAsync('node', ['lazy.cjs'], directory);
    } finally {
      renameSync(aside, pretrained);
    }
    expect(withoutWeights).toContain('required function');
    expect(withoutWeights).toMatch(/loadAdder failed:.*addition-5-digit/);
    expect(await runAsync('node', ['lazy.cjs'], directory)).toContain('loaded');
  });
});
