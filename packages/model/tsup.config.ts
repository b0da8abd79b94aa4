import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // The gradient worker of createParallelTrainStep is its own entry: Node starts it by file URL.
    'parallel-worker': 'src/parallel/worker.ts',
    // `#platform` (package.json "imports"): Node.js gets node.js, every other condition browser.js.
    'platform/node': 'src/platform/node.ts',
    'platform/browser': 'src/platform/browser.ts',
    // `#pretrained-weights`: its own file in both formats, read only when loadAdder() asks for it.
    'pretrained/addition-5-digit': 'src/pretrained/addition-5-digit.ts',
    // `@addrnn/model/wasm`: the wasm backend imported statically, for bundlers.
    'wasm/node': 'src/wasm/node.ts',
    'wasm/browser': 'src/wasm/browser.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'wasm/node': 'src/wasm/node.ts' } },
  sourcemap: true,
  clean: true,
  // import.meta.url in the CommonJS build (where the parallel step finds its worker).
  shims: true,
  // Keep `node:` specifiers: without the prefix a browser bundler looks for an npm package "fs".
  removeNodeProtocol: false,
  // `#…` specifiers resolve at the consumer through package.json "imports" (by condition).
  external: [/^@tensorflow\//, /^@addrnn\//, /^#/],
});
