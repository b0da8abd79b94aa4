import type { Adder, Cell, ModelFamily } from '@addrnn/model';
import type { ParsedCommandLine } from '../command-line.js';

/** The architecture fields the CLI describes (a saved model's, or a run's options filled in). */
export interface ArchitectureWords {
  family?: ModelFamily;
  cell: Cell | string;
  hiddenSize: number;
  encoderLayers: number;
  decoderLayers: number;
  dropout?: number;
  embeddingSize?: number;
}

/** What `addrnn eval` hands a family's evaluation suite besides the flags and the model. */
export interface EvaluationRun {
  /** The model directory; undefined for the pretrained default. */
  directory: string | undefined;
  /** The dataset seed. */
  seed: number;
  /** One JSON object on stdout instead of the report. */
  json: boolean;
  /** The model in a line: where it is, its architecture and task. */
  title: string;
}

/**
 * What the CLI shows and runs for one model family: one module per family beside this file,
 * found in `index.ts` by the name the model's registry gives it. Loading one starts no tfjs
 * (`--help` lists the families); its evaluation suite is imported when `eval` runs it.
 */
export interface CliFamily {
  /** What the family is, for `--family`'s help: a phrase. */
  readonly summary: string;
  /** The architecture in a few words: `LSTM 128 (1 encoder + 1 decoder layer)`. */
  describeArchitecture(architecture: ArchitectureWords): string;
  /** `info`'s rows on the task and how questions and answers are laid out. */
  taskRows(adder: Adder): [string, string][];
  /** A question to try the model on, as a shell word (shown after training). */
  exampleQuestion(codec: { digits: number; operators: readonly string[] }): string;
  /** The `eval` flags that measure a model of this task best (shown after training), with a leading space. */
  evalFlags(codec: { digits: number; operators: readonly string[] }): string;
  /** `addrnn eval` on a model of this family: prints its report; the exit status. */
  evaluate(parsed: ParsedCommandLine, adder: Adder, run: EvaluationRun): Promise<number>;
}

/** `LSTM`, `GRU`, `SimpleRNN`. */
export function cellName(cell: string): string {
  return cell === 'simpleRNN' ? 'SimpleRNN' : cell.toUpperCase();
}
