// The model families, registered once and found by name. To add one: its name in `ModelFamily`
// (../architecture.ts), its module beside these (a `ModelFamilyDefinition`) and its line below;
// the CLI's per-family table (apps/cli/src/families/) is typed to have the same keys.
import { InvalidArgumentError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import type { Architecture, ModelFamily } from '../architecture.js';
import { alignedFamily } from './aligned.js';
import type { ModelFamilyDefinition } from './model-family.js';
import { seq2seqFamily } from './seq2seq.js';

const FAMILIES: Readonly<Record<ModelFamily, ModelFamilyDefinition>> = Object.freeze({
  seq2seq: seq2seqFamily,
  aligned: alignedFamily,
});

/** Every family, for validation and help texts. */
export const MODEL_FAMILIES: readonly ModelFamily[] = Object.freeze(Object.keys(FAMILIES) as ModelFamily[]);

/** The family of models whose metadata names none (saved before families existed), and of `createModel()`. */
export const DEFAULT_FAMILY: ModelFamily = 'seq2seq';

/** Whether `name` is a registered family's name. */
export function isModelFamily(name: unknown): name is ModelFamily {
  return typeof name === 'string' && Object.hasOwn(FAMILIES, name);
}

/**
 * The family registered under `name` (the default family when none is named).
 * @throws InvalidArgumentError naming the registered families for any other name.
 */
export function modelFamily(name: ModelFamily | undefined = DEFAULT_FAMILY): ModelFamilyDefinition {
  if (!isModelFamily(name)) throw new InvalidArgumentError(`family must be one of ${MODEL_FAMILIES.join(', ')}, got ${describeValue(name)}`);
  return FAMILIES[name];
}

/** The family of a model's architecture (the default family when its metadata predates families). */
export function familyOf(architecture: Pick<Architecture, 'family'>): ModelFamily {
  return architecture.family ?? DEFAULT_FAMILY;
}
