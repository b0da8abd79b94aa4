import { describe, expect, it } from 'vitest';
import { exportedNames, readText, undocumented } from '../../../test/public-api.js';
import packageJson from '../package.json' with { type: 'json' };

// The pinned public API: the values src/index.ts exports at run time (Object.keys of the module).
// A change to the API is one edit to this list, plus the README, which names every export.
const PUBLIC = [
  'MAX_BATCH_SIZE',
  'REPLAY_CAPACITY',
  'checkBatchSize',
  'ArithmeticDataset',
  'TrainStream',
  'createRandom',
  'encodeAlignedExamples',
  'encodeExamples',
  'encodeWithLayout',
  'longBorrowCases',
  'longCarryCases',
  'longestCarryChain',
  'splitOf',
];
// Helpers of the dataset's own that src/index.ts once exported: neither exported nor documented.
const UNEXPORTED = ['normalisePair', 'sampleChainPair', 'sampleOperand'];

describe('the public API of @addrnn/dataset', () => {
  it('has the entries "." and "./package.json"', () => {
    expect(Object.keys(packageJson.exports)).toEqual(['.', './package.json']);
  });

  it('@addrnn/dataset exports exactly the pinned values', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toEqual([...PUBLIC].sort());
  });

  it('the README names every export of src/index.ts, types included, and no unexported helper', () => {
    const readme = readText(new URL('../README.md', import.meta.url));
    expect(undocumented(exportedNames(readText(new URL('./index.ts', import.meta.url))), readme)).toEqual([]);
    expect(undocumented(UNEXPORTED, readme)).toEqual(UNEXPORTED);
  });
});
