import { describe, expect, it } from 'vitest';
import { exportedNames, readText, undocumented } from '../../../test/public-api.js';
import packageJson from '../package.json' with { type: 'json' };

// The pinned public API: the values each entry exports at run time (Object.keys of the module).
// A change to the API is one edit to a list here, plus the README, which names every export.
const PUBLIC = [
  'Adder',
  'BackendUnavailableError',
  'CorruptModelError',
  'DisposedTrainStepError',
  'FusedUnsupportedError',
  'GradientWorkerError',
  'IncompatibleModelError',
  'KernelUnsupportedError',
  'MODEL_FAMILIES',
  'PRETRAINED_NAMES',
  'PlatformUnsupportedError',
  'alignedStates',
  'chooseTrainThreads',
  'createModel',
  'createParallelTrainStep',
  'createTrainStep',
  'crossEntropyFromLogits',
  'fileSystemIO',
  'familyOf',
  'getMetadata',
  'installFastKernels',
  'loadAdder',
  'loadModel',
  'modelFamily',
  'modelLogits',
  'recordedAccuracy',
  'saveModel',
  'useBackend',
];
// `@addrnn/model/wasm` (its Node.js build; the browser build exports the same name).
const WASM = ['wasmBackend'];
// `@addrnn/model/limits`: the limits of the model's options, without tfjs.
const LIMITS = ['MAX_EMBEDDING_SIZE', 'MAX_HIDDEN_SIZE', 'MAX_LAYERS'];
// Internal helpers that src/index.ts once exported: neither exported nor documented.
const UNEXPORTED = [
  'replaceDirectory',
  'resolveModelOptions',
  'MIN_EXAMPLES_PER_THREAD',
  'MIN_KERNEL_EXAMPLES_PER_THREAD',
  'loadKernelModule',
  'KERNEL_WASM_BYTES',
  'LOSS_NAME',
  'provideWasmBackend',
];

const sorted = (names: readonly string[]) => [...names].sort();

describe('the public API of @addrnn/model', () => {
  it('has the entries ".", "./wasm", "./internal" (the sibling packages\' only), "./limits" and "./package.json", in the published manifest too', () => {
    const entries = ['.', './wasm', './internal', './limits', './package.json'];
    expect(Object.keys(packageJson.exports)).toEqual(entries);
    expect(Object.keys(packageJson.publishConfig.exports)).toEqual(entries);
  });

  it('@addrnn/model/limits exports exactly the pinned values', async () => {
    expect(Object.keys(await import('./limits.js')).sort()).toEqual(sorted(LIMITS));
  });

  it('@addrnn/model exports exactly the pinned values', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toEqual(sorted(PUBLIC));
  }, 60_000);

  it('@addrnn/model/wasm exports exactly the pinned values, in Node.js and in browsers', async () => {
    expect(Object.keys(await import('./wasm/node.js')).sort()).toEqual(sorted(WASM));
    const names = (entry: string) => exportedNames(readText(new URL(entry, import.meta.url)));
    expect(names('./wasm/browser.ts')).toEqual(names('./wasm/node.ts'));
  }, 60_000);

  it('the README names every export of the public entries, types included, and no internal helper', () => {
    const readme = readText(new URL('../README.md', import.meta.url));
    for (const entry of ['./index.ts', './wasm/node.ts', './limits.ts']) {
      expect(undocumented(exportedNames(readText(new URL(entry, import.meta.url))), readme), entry).toEqual([]);
    }
    expect(undocumented(UNEXPORTED, readme)).toEqual(UNEXPORTED);
  });
});
