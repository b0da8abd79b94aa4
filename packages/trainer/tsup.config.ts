import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // `#platform` (package.json "imports"): Node.js gets node.js, every other condition browser.js.
    'platform/node': 'src/platform/node.ts',
    'platform/browser': 'src/platform/browser.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  // Keep `node:` specifiers: without the prefix a browser bundler looks for an npm package "fs".
  removeNodeProtocol: false,
  external: [/^@tensorflow\//, /^@addrnn\//, /^#/],
});
