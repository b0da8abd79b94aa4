// The CLI's side of each model family, keyed by the names of @addrnn/model's family registry
// (the type makes this table hold exactly those; a test checks the order against MODEL_FAMILIES).
// Nothing here loads tfjs: `--help` reads the names and summaries.
import type { ModelFamily } from '@addrnn/model';
import { alignedCli } from './aligned.js';
import type { CliFamily } from './cli-family.js';
import { seq2seqCli } from './seq2seq.js';

export type { ArchitectureWords, CliFamily, EvaluationRun } from './cli-family.js';

export const CLI_FAMILIES: { readonly [Name in ModelFamily]: CliFamily } = {
  seq2seq: seq2seqCli,
  aligned: alignedCli,
};

/** The families' names, the registry's default first. */
export const FAMILY_NAMES = Object.keys(CLI_FAMILIES) as ModelFamily[];

/** The CLI's side of a family; a model's family is one the registry holds, so every name is found. */
export function cliFamily(name: ModelFamily): CliFamily {
  return CLI_FAMILIES[name];
}
