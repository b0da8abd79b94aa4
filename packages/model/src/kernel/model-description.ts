// The one description of a model the training kernel computes, derived once from the model
// (its family's layer chain and sizes) and shared by the host, the networks and the worker
// shards: its sizes and one table of parameter offsets into one flat buffer. Plain data, so it
// travels to workers as it is. Loaded by the gradient workers too: imports nothing.

/** The encoder-decoder's parameters by role, in the kernel's order: every buffer follows it. */
export const WEIGHT_ROLES = [
  'encoder.kernel',
  'encoder.recurrentKernel',
  'encoder.bias',
  'decoder.kernel',
  'decoder.recurrentKernel',
  'decoder.bias',
  'dense.kernel',
  'dense.bias',
] as const;
export type WeightRole = (typeof WEIGHT_ROLES)[number];

/** The aligned model's parameters, in the kernel's order; 'embedding.kernel' only in a model with an embedding. */
export const ALIGNED_ROLES = ['lstm.kernel', 'lstm.recurrentKernel', 'lstm.bias', 'dense.kernel', 'dense.bias', 'embedding.kernel'] as const;
export type AlignedRole = (typeof ALIGNED_ROLES)[number];

/** One parameter in the flat buffer: `size` floats from float `offset`, row-major `shape`. */
export interface ParameterEntry {
  name: string;
  shape: number[];
  size: number;
  offset: number;
}

interface DescriptionBase {
  /** Features of one input step (one-hot characters, or a digit column). */
  inputSize: number;
  /** Classes of one output step. */
  outputSize: number;
  /** The parameters in the kernel's order, with their offsets. */
  parameters: ParameterEntry[];
  /** Floats of all parameters. */
  parameterCount: number;
  /** Input and output steps of every example, where they are fixed; otherwise one output per input step, any number. */
  fixedSteps?: { input: number; output: number };
}

/** LSTM (last state) -> RepeatVector -> LSTM (sequences) -> Dense softmax per step. */
export interface EncoderDecoderDescription extends DescriptionBase {
  network: 'encoder-decoder';
  questionLength: number;
  answerLength: number;
  encoderUnits: number;
  decoderUnits: number;
}

/** LSTM (sequences) -> Dense softmax per step, over any number of steps. */
export interface AlignedDescription extends DescriptionBase {
  network: 'aligned';
  units: number;
  /**
   * Independent sequences per example, laid end to end (the signed layout's two passes: 2),
   * each run from a fresh state; an example's steps divide among them.
   */
  passes: number;
  /** Values each step's inputs are projected to (no bias) before the LSTM; absent: none. */
  embedding?: number;
}

export type KernelModelDescription = EncoderDecoderDescription | AlignedDescription;

function table(entries: [name: string, shape: number[]][]): { parameters: ParameterEntry[]; parameterCount: number } {
  let offset = 0;
  const parameters = entries.map(([name, shape]) => {
    const size = shape.reduce((product, dimension) => product * dimension, 1);
    const entry = { name, shape, size, offset };
    offset += size;
    return entry;
  });
  return { parameters, parameterCount: offset };
}

/** The encoder-decoder of these sizes; its parameters in WEIGHT_ROLES order. */
export function describeEncoderDecoder(sizes: {
  questionLength: number;
  vocabularySize: number;
  answerLength: number;
  outputSize: number;
  encoderUnits: number;
  decoderUnits: number;
}): EncoderDecoderDescription {
  const { questionLength, vocabularySize: v, answerLength, outputSize: o, encoderUnits: he, decoderUnits: hd } = sizes;
  const shapes: number[][] = [[v, 4 * he], [he, 4 * he], [4 * he], [he, 4 * hd], [hd, 4 * hd], [4 * hd], [hd, o], [o]];
  return {
    network: 'encoder-decoder',
    inputSize: v,
    outputSize: o,
    questionLength,
    answerLength,
    encoderUnits: he,
    decoderUnits: hd,
    fixedSteps: { input: questionLength, output: answerLength },
    ...table(WEIGHT_ROLES.map((role, i) => [role, shapes[i]!])),
  };
}

/** The aligned model of these sizes; its parameters in ALIGNED_ROLES order (the embedding's only with `embedding`). */
export function describeAligned(sizes: { inputSize: number; units: number; outputSize: number; passes?: number; embedding?: number }): AlignedDescription {
  const { inputSize: v, units: h, outputSize: o, passes = 1, embedding: e } = sizes;
  const shapes: number[][] = [[e ?? v, 4 * h], [h, 4 * h], [4 * h], [h, o], [o]];
  if (e !== undefined) shapes.push([v, e]);
  const parameters = table(shapes.map((shape, i) => [ALIGNED_ROLES[i]!, shape]));
  return { network: 'aligned', inputSize: v, outputSize: o, units: h, passes, ...(e === undefined ? {} : { embedding: e }), ...parameters };
}

/**
 * The steps of a batch of `batch` examples whose inputs hold `inputValues` floats: fixed for the
 * encoder-decoder, read off the batch for the aligned model (undefined when it does not divide).
 */
export function batchSteps(description: KernelModelDescription, batch: number, inputValues: number): { input: number; output: number } | undefined {
  if (description.fixedSteps) return description.fixedSteps;
  const steps = inputValues / (batch * description.inputSize);
  const passes = 'passes' in description ? description.passes : 1;
  return Number.isInteger(steps / passes) && steps >= passes ? { input: steps, output: steps } : undefined;
}
