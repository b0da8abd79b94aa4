import { defineConfig, type Options } from 'tsup';

/**
 * The tsup build of one published package: ESM and CommonJS with types and source maps; other
 * packages, tfjs and `#…` (package.json "imports") stay external. `node:` specifiers are kept,
 * since without the prefix a browser bundler looks for an npm package "fs". `options` adds to
 * or overrides this (more entries, shims).
 */
export function packageBuild(options: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    removeNodeProtocol: false,
    external: [/^@tensorflow\//, /^@addrnn\//, /^#/],
    ...options,
  });
}
