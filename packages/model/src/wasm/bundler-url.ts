// The URL a bundler hands over for an asset a module imports (`import url from './x.wasm?url'`)
// is written for that module: esbuild's file loader gives a path relative to the chunk that holds
// the import (`./x-HASH.wasm?url`), Vite with `base: './'` an absolute `new URL(…, import.meta.url)`,
// webpack's asset/resource its public path plus the name. Passed on as it is, a relative one is
// resolved by fetch against the page, which is wrong as soon as the page is not in the bundle's
// folder. Each bundler also treats `import.meta.url` its own way: esbuild (ESM) and Vite keep it
// (the chunk's URL at run time); webpack replaces it at build time with the source file's
// `file://` URL; esbuild's iife and cjs formats leave it undefined.

/**
 * `url` resolved against `moduleUrl`, the `import.meta.url` of the module that imported the
 * asset. Left as it is where `moduleUrl` is not the module's address at run time: undefined, or a
 * `file:` URL while the page is not (webpack's build-time substitution; its URLs already carry
 * the public path, which is relative to the page by webpack's own rules), or not a URL at all.
 * @param pageUrl the page's (or worker's) `location.href`; undefined outside a browser.
 */
export function resolveBundlerUrl(url: string, moduleUrl: string | undefined, pageUrl: string | undefined): string {
  const base = parse(moduleUrl);
  if (base === undefined) return url;
  if (base.protocol === 'file:' && parse(pageUrl)?.protocol !== 'file:') return url;
  return parse(url, base)?.href ?? url;
}

// URL.canParse is newer than the browsers this package supports.
function parse(url: unknown, base?: URL): URL | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

/** The page's or worker's `location.href`, if this runs in one. */
export function currentPageUrl(): string | undefined {
  const location = (globalThis as { location?: { href?: unknown } }).location;
  return typeof location?.href === 'string' ? location.href : undefined;
}
