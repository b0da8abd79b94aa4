import { MAX_SEED } from '@addrnn/codec';
import { MAX_BATCH_SIZE } from '@addrnn/dataset';
import { createModel } from '@addrnn/model';
import { MAX_EMBEDDING_SIZE, MAX_LAYERS } from '@addrnn/model/limits';
import { resolveTrainOptions, TRAIN_PRESETS, type ResolvedTrainOptions } from '@addrnn/trainer';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../command-line.js';
import { UsageError } from '../usage-error.js';
import { trainCommand } from './train.js';
import { buildTrainOptions } from './flags-to-options.js';
import { trainFlags } from './train-flags.js';
import { NUMBER_FLAGS, SWITCHABLE_FLAGS, trainCommandLine, WORD_FLAGS } from './train-option-flags.js';

/** The options `addrnn train` would train with, given the command line `text`. */
function optionsOf(text: string): ResolvedTrainOptions {
  const args = text.split(' ').slice(2);
  return resolveTrainOptions(buildTrainOptions(parseCommandLine(trainCommand, args)));
}

describe('trainCommandLine', () => {
  it('names only flags of the flag table, numeric ones with their none where the table allows it', () => {
    const byName = new Map(trainFlags.map((spec) => [spec.name, spec]));
    for (const [flag] of [...NUMBER_FLAGS, ...SWITCHABLE_FLAGS, ...WORD_FLAGS]) expect(byName.has(flag), flag).toBe(true);
    for (const [flag] of SWITCHABLE_FLAGS) expect(byName.get(flag)).toMatchObject({ orNone: true });
  });

  it('repeats a run: its command line trains with the same options, levers off included', () => {
    const runs: ResolvedTrainOptions[] = [
      resolveTrainOptions({}),
      resolveTrainOptions({ preset: 'keras', threads: 2, seed: 4_000_000_000 }),
      resolveTrainOptions({ clipNorm: null, learningRateFinal: null, targetAccuracy: 0.995, evaluateEvery: 100_000 }),
    ];
    const keys = [...NUMBER_FLAGS, ...SWITCHABLE_FLAGS, ...WORD_FLAGS].map(([, key]) => key);
    for (const run of runs) {
      const text = trainCommandLine(run);
      expect(text).toMatch(/^addrnn train --preset keras /);
      const repeated = optionsOf(text);
      for (const key of keys) expect(repeated[key], `${key} in ${text}`).toEqual(run[key]);
      expect(repeated.task.reverseAnswer ?? false).toBe(run.task.reverseAnswer ?? false);
    }
    // The keras preset itself: no clipping, no final rate.
    expect(trainCommandLine(resolveTrainOptions({ preset: 'keras' }))).toContain(`--clip-norm none`);
    expect(TRAIN_PRESETS.keras.clipNorm).toBeUndefined();
  });
});

describe('the limits of the train flags', () => {
  it('are the ones the packages check: no layer count the CLI takes is refused by the model', () => {
    const parse = (...args: string[]) => buildTrainOptions(parseCommandLine(trainCommand, args));
    expect(parse('--encoder-layers', String(MAX_LAYERS), '--decoder-layers', String(MAX_LAYERS)).model).toMatchObject({ encoderLayers: MAX_LAYERS });
    createModel({ codec: { digits: 1 }, hiddenSize: 1, encoderLayers: MAX_LAYERS, decoderLayers: MAX_LAYERS, implementation: 'layers' }).dispose();
    for (const flag of ['--encoder-layers', '--decoder-layers']) {
      expect(() => parse(flag, String(MAX_LAYERS + 1))).toThrow(UsageError);
      expect(() => parse(flag, String(MAX_LAYERS + 1))).toThrow(`${flag} must be an integer from 1 to ${MAX_LAYERS}, got "${MAX_LAYERS + 1}"`);
    }
    // --embedding gives the aligned family's embeddingSize, within the model's own limit.
    expect(parse('--family', 'aligned', '--embedding', String(MAX_EMBEDDING_SIZE)).model).toMatchObject({ family: 'aligned', embeddingSize: MAX_EMBEDDING_SIZE });
    createModel({ family: 'aligned', codec: { digits: 1 }, hiddenSize: 1, embeddingSize: MAX_EMBEDDING_SIZE }).dispose();
    for (const value of ['0', String(MAX_EMBEDDING_SIZE + 1), '2.5']) expect(() => parse('--embedding', value)).toThrow(`--embedding must be an integer from 1 to ${MAX_EMBEDDING_SIZE}, got "${value}"`);
    expect(() => parse('--batch-size', String(MAX_BATCH_SIZE + 1))).toThrow(UsageError);
    expect(() => parse('--seed', String(MAX_SEED + 1))).toThrow(UsageError);
    expect(parse('--seed', String(MAX_SEED)).seed).toBe(MAX_SEED);
  });
});
