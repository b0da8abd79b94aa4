import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // `@addrnn/trainer/presets`: the defaults and presets without tfjs, for help texts.
    presets: 'src/presets.ts',
    // `#platform` (package.json "imports"): Node.js gets node.js, every other condition browser.js.
    'platform/node': 'src/platform/node.ts',
    'platform/browser': 'src/platform/browser.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', presets: 'src/presets.ts' } },
  sourcemap: true,
  clean: true,
  // Keep `node:` specifiers: without the prefix a browser bundler looks for an npm package "fs".
  removeNodeProtocol: false,
  external: [/^@tensorflow\//, /^@addrnn\//, /^#/],
});
