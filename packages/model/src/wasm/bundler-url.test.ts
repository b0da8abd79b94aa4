import { describe, expect, it } from 'vitest';
import { resolveBundlerUrl } from './bundler-url.js';

// The URLs and `import.meta.url` values each bundler produces for a page at /app/ whose bundle
// is in /app/out/ (test/packaging/browser-bundles.test.ts builds and opens the real ones).
const page = 'http://127.0.0.1:8080/app/?backend=wasm';

describe('resolveBundlerUrl', () => {
  it("resolves esbuild's chunk-relative path against the chunk, not the page", () => {
    expect(resolveBundlerUrl('./tfjs-backend-wasm-simd-KU6BGLQ5.wasm?url', 'http://127.0.0.1:8080/app/out/main.js', page)).toBe(
      'http://127.0.0.1:8080/app/out/tfjs-backend-wasm-simd-KU6BGLQ5.wasm?url',
    );
    expect(resolveBundlerUrl('../x.wasm', 'http://127.0.0.1:8080/app/out/chunks/chunk-A.js', page)).toBe('http://127.0.0.1:8080/app/out/x.wasm');
  });

  it('keeps absolute and root-relative URLs where they point (Vite, --public-path)', () => {
    expect(resolveBundlerUrl('http://127.0.0.1:8080/app/out/x.wasm', 'http://127.0.0.1:8080/app/out/main.js', page)).toBe('http://127.0.0.1:8080/app/out/x.wasm');
    expect(resolveBundlerUrl('https://cdn.example/x.wasm', 'http://127.0.0.1:8080/app/out/main.js', page)).toBe('https://cdn.example/x.wasm');
    expect(resolveBundlerUrl('/out/x.wasm', 'http://127.0.0.1:8080/app/out/main.js', page)).toBe('http://127.0.0.1:8080/out/x.wasm');
  });

  it("leaves the URL as it is when import.meta.url is webpack's build-time file: URL of the source", () => {
    const source = 'file:///home/user/site/node_modules/@addrnn/model/dist/wasm/browser.js';
    expect(resolveBundlerUrl('x.wasm', source, page)).toBe('x.wasm');
    expect(resolveBundlerUrl('/out/x.wasm', source, page)).toBe('/out/x.wasm');
    // No page (not a browser): nothing to resolve against either.
    expect(resolveBundlerUrl('x.wasm', source, undefined)).toBe('x.wasm');
  });

  it('resolves against a file: module when the page is a file: page too', () => {
    expect(resolveBundlerUrl('./x.wasm', 'file:///srv/app/out/main.js', 'file:///srv/app/index.html')).toBe('file:///srv/app/out/x.wasm');
  });

  it('leaves the URL as it is when import.meta.url is missing or not a URL (esbuild iife and cjs)', () => {
    expect(resolveBundlerUrl('./x.wasm', undefined, page)).toBe('./x.wasm');
    expect(resolveBundlerUrl('./x.wasm', '', page)).toBe('./x.wasm');
    expect(resolveBundlerUrl('./x.wasm', 'not a url', page)).toBe('./x.wasm');
  });
});
