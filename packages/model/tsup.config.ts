import { packageBuild } from '../../tsup.shared';

export default packageBuild({
  entry: {
    index: 'src/index.ts',
    // `@addrnn/model/internal`: what the trainer shares with the model (the on-disk module, limits).
    internal: 'src/internal.ts',
    // `@addrnn/model/limits`: the limits of the model's options, without tfjs (for the CLI's --help).
    limits: 'src/limits.ts',
    // The gradient worker of createParallelTrainStep is its own entry: Node starts it by file URL.
    'parallel-worker': 'src/threads/node-worker.ts',
    // `#platform` (package.json "imports"): Node.js gets node.js, every other condition browser.js.
    'platform/node': 'src/platform/node.ts',
    'platform/browser': 'src/platform/browser.ts',
    // `#pretrained-weights`: its own file in both formats, read only when loadAdder() asks for it.
    'pretrained/addition-5-digit': 'src/pretrained/addition-5-digit.ts',
    // `#pretrained-aligned`: the aligned adder, likewise.
    'pretrained/aligned': 'src/pretrained/aligned.ts',
    // `#pretrained-signed`: the signed aligned model (+ and -), likewise.
    'pretrained/signed': 'src/pretrained/signed.ts',
    // `#pretrained-multiply`: the aligned multiplier (5-digit operands), likewise.
    'pretrained/multiply': 'src/pretrained/multiply.ts',
    // `@addrnn/model/wasm`: the wasm backend imported statically, for bundlers.
    'wasm/node': 'src/wasm/node.ts',
    'wasm/browser': 'src/wasm/browser.ts',
  },
  dts: { entry: { index: 'src/index.ts', internal: 'src/internal.ts', limits: 'src/limits.ts', 'wasm/node': 'src/wasm/node.ts' } },
  // import.meta.url in the CommonJS build (where the parallel step finds its worker).
  shims: true,
});
