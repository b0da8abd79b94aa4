import { describe, expect, it } from 'vitest';
import { exportedNames, readText, undocumented } from '../../../test/public-api.js';
import packageJson from '../package.json' with { type: 'json' };

// The pinned public API: the values each entry exports at run time (Object.keys of the module).
// A change to the API is one edit to a list here, plus the README, which names every export.
const PUBLIC = [
  'ACCURACY_TARGETS',
  'CheckpointError',
  'DEFAULT_TRAIN_OPTIONS',
  'MAX_EPOCHS',
  'MAX_THREADS',
  'MAX_VALIDATION_SIZE',
  'PRESET_NAMES',
  'RunExistsError',
  'RunLockedError',
  'TRAIN_PRESETS',
  'TrainingDivergedError',
  'evaluate',
  'learningRateAt',
  'questionsToClaim',
  'resolveTrainOptions',
  'train',
];
// `@addrnn/trainer/presets`: the presets and the limits of train()'s options, without tfjs.
const PRESETS = ['DEFAULT_TRAIN_OPTIONS', 'MAX_EPOCHS', 'MAX_THREADS', 'MAX_VALIDATION_SIZE', 'PRESET_NAMES', 'TRAIN_PRESETS'];

const sorted = (names: readonly string[]) => [...names].sort();

describe('the public API of @addrnn/trainer', () => {
  it('has the entries ".", "./presets" and "./package.json"', () => {
    expect(Object.keys(packageJson.exports)).toEqual(['.', './presets', './package.json']);
  });

  it('@addrnn/trainer exports exactly the pinned values', async () => {
    expect(Object.keys(await import('./index.js')).sort()).toEqual(sorted(PUBLIC));
  }, 60_000);

  it('@addrnn/trainer/presets exports exactly the pinned values', async () => {
    expect(Object.keys(await import('./presets.js')).sort()).toEqual(sorted(PRESETS));
  });

  it('the README names every export of both entries, types included', () => {
    const readme = readText(new URL('../README.md', import.meta.url));
    for (const entry of ['./index.ts', './presets.ts']) {
      expect(undocumented(exportedNames(readText(new URL(entry, import.meta.url))), readme), entry).toEqual([]);
    }
  });
});
