// What the browser benches share: the web app's production build served on 127.0.0.1 with the
// COOP/COEP headers (cross-origin isolated, as `apps/web/public/_headers` asks of a host), and
// headless Chromium through apps/web's playwright-core.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import { root } from './bench-common.mjs';

/** The build the benches serve unless told otherwise. */
export const defaultDist = join(root, 'apps/web/dist');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** Exits with a message when `dist` holds no build. */
export async function requireBuild(dist, name) {
  try {
    await stat(join(dist, 'index.html'));
  } catch {
    console.error(`${name}: no build at ${dist}; run \`pnpm --filter web build\` first`);
    process.exit(1);
  }
}

/** Serves `dist` with COOP/COEP; resolves to `{ origin, close }`. */
export async function serveIsolated(dist) {
  const base = normalize(dist);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== base && !file.startsWith(base.endsWith(sep) ? base : base + sep)) return void response.writeHead(403).end();
    stat(file)
      .then((info) => {
        if (!info.isFile()) throw new Error('not a file');
        response.writeHead(200, {
          'content-type': types[extname(file)] ?? 'application/octet-stream',
          'content-length': info.size,
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        });
        createReadStream(file).pipe(response);
      })
      .catch(() => response.writeHead(404).end());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Headless Chromium (playwright-core is a dev dependency of apps/web). */
export function launchChromium(executablePath) {
  const { chromium } = createRequire(join(root, 'apps/web/package.json'))('playwright-core');
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
