import { defineConfig } from 'tsup';

export default defineConfig({
  // The gradient worker of createParallelTrainStep is its own entry: Node starts it by file URL.
  entry: { index: 'src/index.ts', 'parallel-worker': 'src/parallel/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  // import.meta.url in the CommonJS build (where the parallel step finds its worker).
  shims: true,
  external: [/^@tensorflow\//, /^@addrnn\//],
});
