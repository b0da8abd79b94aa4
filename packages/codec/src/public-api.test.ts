import { describe, expect, it } from 'vitest';
import { exportedNames, readText, undocumented } from '../../../test/public-api.js';
import packageJson from '../package.json' with { type: 'json' };

// The pinned public API: the values each entry exports at run time (Object.keys of the module).
// A change to the API is one edit to a list here, plus the README, which names every export.
const PUBLIC = [
  'ALIGNED_INPUT_SIZE',
  'ALIGNED_MAX_DIGITS',
  'ALIGNED_OUTPUT_SIZE',
  'AddrnnError',
  'AlignedLayout',
  'BufferSizeError',
  'Codec',
  'DEFAULT_TASK_OPTIONS',
  'InvalidAnswerError',
  'InvalidArgumentError',
  'InvalidOptionError',
  'InvalidQuestionError',
  'MAX_DIGITS',
  'MAX_SEED',
  'MIN_DIGITS',
  'PRODUCT_INPUT_SIZE',
  'PRODUCT_MAX_DIGITS',
  'PRODUCT_OPERATORS',
  'PRODUCT_OUTPUT_SIZE',
  'ProductLayout',
  'SIGNED_FEEDBACK_INPUT_SIZE',
  'SIGNED_INPUT_SIZE',
  'SIGNED_OPERATORS',
  'SIGNED_OUTPUT_SIZE',
  'SignedFeedbackLayout',
  'SignedLayout',
  'OPERATORS',
  'drawOperand',
  'operatorTask',
  'operatorTasks',
  'registerOperator',
  'VocabularyMismatchError',
  'alignedExampleLayout',
  'parseAlignedQuestion',
  'parseProductQuestion',
  'productExampleLayout',
  'parseSignedQuestion',
  'sequenceLayout',
  'signedExampleLayout',
  'signedFeedbackExampleLayout',
];
// `@addrnn/codec/internal`: for addrnn's own packages only; not in the README or the reference.
const INTERNAL = ['checkSeed', 'describeValue', 'hasMarker', 'markerOf'];

const sorted = (names: readonly string[]) => [...names].sort();

describe('the public API of @addrnn/codec', () => {
  it('has the entries ".", "./internal" and "./package.json", sources included', () => {
    expect(Object.keys(packageJson.exports)).toEqual(['.', './internal', './package.json']);
    expect(packageJson.exports['.']['@addrnn/source']).toBe('./src/index.ts');
    expect(packageJson.exports['./internal']['@addrnn/source']).toBe('./src/internal.ts');
  });

  it('@addrnn/codec exports exactly the pinned values', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toEqual(sorted(PUBLIC));
  });

  it('@addrnn/codec/internal exports exactly the pinned helpers', async () => {
    expect(Object.keys(await import('./internal.js')).sort()).toEqual(sorted(INTERNAL));
  });

  it('the README names every export of src/index.ts, types included, and no internal helper', () => {
    const readme = readText(new URL('../README.md', import.meta.url));
    expect(undocumented(exportedNames(readText(new URL('./index.ts', import.meta.url))), readme)).toEqual([]);
    expect(undocumented(INTERNAL, readme)).toEqual(INTERNAL);
  });
});
