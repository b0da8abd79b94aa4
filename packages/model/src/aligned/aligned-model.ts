// The aligned family's tfjs-layers model: one LSTM over digit columns, one digit out per column.
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError, type Codec } from '@addrnn/codec';
import { checkSeed, describeValue } from '@addrnn/codec/internal';
import { quietOrthogonal } from '../initializers.js';
import { IMPLEMENTATIONS, type Architecture } from '../architecture.js';
import { checkEmbeddingSize, isIntegerIn } from '../check-limits.js';
import { MAX_EMBEDDING_SIZE } from '../limits.js';

interface AlignedOptionFields {
  cell?: unknown;
  embeddingSize?: unknown;
  encoderLayers?: unknown;
  decoderLayers?: unknown;
  dropout?: unknown;
  implementation?: unknown;
  seed?: unknown;
}

/**
 * Validates the model options of the aligned family: one LSTM layer without dropout, trained by
 * the kernel (falling back to 'layers') or by 'layers'. (`createModel` has checked the codec's
 * operators against the family's.)
 */
export function checkAlignedOptions(options: AlignedOptionFields, codec: Codec, hiddenSize: number): { codec: Codec; architecture: Architecture; seed: number } {
  const { cell, encoderLayers, decoderLayers, dropout, implementation = 'kernel' } = options;
  const where = 'the aligned family';
  if (cell !== undefined && cell !== 'lstm') throw new InvalidOptionError(`${where} has an lstm cell, got cell ${describeValue(cell)}`);
  if (encoderLayers !== undefined && encoderLayers !== 1) throw new InvalidOptionError(`${where} has one recurrent layer, got encoderLayers ${describeValue(encoderLayers)}`);
  if (decoderLayers !== undefined && decoderLayers !== 0) throw new InvalidOptionError(`${where} has no decoder, got decoderLayers ${describeValue(decoderLayers)} (leave it unset or 0)`);
  if (dropout !== undefined && dropout !== 0) throw new InvalidOptionError(`${where} trains without dropout, got dropout ${describeValue(dropout)}`);
  if (implementation !== 'kernel' && implementation !== 'layers') {
    throw new InvalidOptionError(
      `${where} trains with implementation "kernel" or "layers", got ${describeValue(implementation)}${IMPLEMENTATIONS.includes(implementation as never) ? ' (the fused step computes the encoder-decoder only)' : ''}`,
    );
  }
  const seed = checkSeed(options.seed ?? 1, 'seed');
  const embeddingSize = options.embeddingSize === undefined ? undefined : checkEmbeddingSize(options.embeddingSize);
  return {
    codec,
    architecture: {
      family: 'aligned',
      cell: 'lstm',
      hiddenSize,
      encoderLayers: 1,
      decoderLayers: 0,
      dropout: 0,
      implementation,
      recurrentActivation: 'sigmoid',
      ...(embeddingSize === undefined ? {} : { embeddingSize }),
    },
    seed,
  };
}

/** What a saved aligned architecture may not be: anything but one LSTM layer and no decoder. */
export function alignedArchitectureProblems(architecture: Partial<Architecture>): string[] {
  const { cell, encoderLayers, decoderLayers, embeddingSize } = architecture;
  const problems: string[] = [];
  if (cell !== 'lstm' || encoderLayers !== 1 || decoderLayers !== 0) {
    problems.push(`an aligned model of cell ${describeValue(cell)} with ${describeValue(encoderLayers)}+${describeValue(decoderLayers)} layers (expected one lstm layer: encoderLayers 1, decoderLayers 0)`);
  }
  if (embeddingSize !== undefined && !isIntegerIn(embeddingSize, 1, MAX_EMBEDDING_SIZE)) {
    problems.push(`embeddingSize ${describeValue(embeddingSize)} (expected an integer from 1 to ${MAX_EMBEDDING_SIZE}, or none)`);
  }
  return problems;
}

/** The embedding's initialiser seed, apart from the other layers', which stay as without one. */
const EMBEDDING_SEED_OFFSET = 1000;

/**
 * LSTM(hiddenSize, sequences) over [batch, steps, inputSize] digit columns ->
 * TimeDistributed(Dense(outputSize, softmax)): any number of steps (20 and 10 for the adder's
 * layout, 24 and 12 for the signed one). Initialised as `createModel` initialises the seed's model.
 * With `embeddingSize`, a Dense layer without bias or activation first projects each step's
 * inputs to that many values (a low-rank input map: every input's weights share those directions).
 */
export function createAlignedLayers(hiddenSize: number, seed: number, sizes: { inputSize: number; outputSize: number; embeddingSize?: number }): tf.LayersModel {
  let seedCounter = seed;
  const nextSeed = () => (seedCounter += 1);
  const model = tf.sequential({ name: 'addrnn_aligned' });
  const embedded = sizes.embeddingSize !== undefined;
  if (embedded) {
    model.add(
      tf.layers.dense({
        units: sizes.embeddingSize!,
        useBias: false,
        inputShape: [null, sizes.inputSize],
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + EMBEDDING_SEED_OFFSET }),
      }),
    );
  }
  model.add(
    tf.layers.lstm({
      units: hiddenSize,
      recurrentActivation: 'sigmoid',
      returnSequences: true,
      ...(embedded ? {} : { inputShape: [null, sizes.inputSize] }),
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      recurrentInitializer: quietOrthogonal(nextSeed()),
    }),
  );
  model.add(
    tf.layers.timeDistributed({
      layer: tf.layers.dense({ units: sizes.outputSize, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }) }),
    }),
  );
  return model;
}

/**
 * The aligned model's variables in kernel order: LSTM kernel [20, 4h], recurrent kernel [h, 4h],
 * bias [4h], Dense kernel [h, 10], bias [10]; then, for a model with an embedding, its kernel
 * [inputs, e] (the LSTM kernel is then [e, 4h]). {@link alignedInputSize} reads the inputs per step.
 */
export function alignedVariables(model: tf.LayersModel): tf.Variable[] | undefined {
  const weights = model.trainableWeights as unknown as { originalName?: string; name: string; read(): tf.Tensor }[];
  const find = (suffix: string, index: number) => weights.filter((w) => (w.originalName ?? w.name).endsWith(suffix))[index]?.read() as tf.Variable | undefined;
  // An embedding is a first Dense kernel of its own, before the LSTM's.
  const embedded = weights.length === 6;
  const at = embedded ? 1 : 0;
  const found = [find('/kernel', at), find('/recurrent_kernel', 0), find('/bias', 0), find('/kernel', at + 1), find('/bias', 1)];
  if (embedded) found.push(find('/kernel', 0));
  if ((weights.length !== 5 && !embedded) || found.some((v) => v === undefined)) return undefined;
  return found as tf.Variable[];
}

/** Values per input step of an aligned model, from {@link alignedVariables}: the embedding's inputs where it has one, else the LSTM's. */
export function alignedInputSize(variables: readonly tf.Variable[]): number {
  return (variables[5] ?? variables[0])!.shape[0]!;
}

/** Values per input step of `model` if it is an aligned model (which column layout it reads); 0 for another model. */
export function alignedModelInputSize(model: tf.LayersModel): number {
  const variables = alignedVariables(model);
  return variables ? alignedInputSize(variables) : 0;
}
