// The aligned family's tfjs-layers model: one LSTM over digit columns, one digit out per column.
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError, type Codec } from '@addrnn/codec';
import { checkSeed, describeValue } from '@addrnn/codec/internal';
import { quietOrthogonal } from '../initializers.js';
import { IMPLEMENTATIONS, type Architecture } from '../architecture.js';

interface AlignedOptionFields {
  cell?: unknown;
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
  return {
    codec,
    architecture: { family: 'aligned', cell: 'lstm', hiddenSize, encoderLayers: 1, decoderLayers: 0, dropout: 0, implementation, recurrentActivation: 'sigmoid' },
    seed,
  };
}

/** What a saved aligned architecture may not be: anything but one LSTM layer and no decoder. */
export function alignedArchitectureProblems(architecture: Partial<Architecture>): string[] {
  const { cell, encoderLayers, decoderLayers } = architecture;
  if (cell === 'lstm' && encoderLayers === 1 && decoderLayers === 0) return [];
  return [`an aligned model of cell ${describeValue(cell)} with ${describeValue(encoderLayers)}+${describeValue(decoderLayers)} layers (expected one lstm layer: encoderLayers 1, decoderLayers 0)`];
}

/**
 * LSTM(hiddenSize, sequences) over [batch, steps, inputSize] digit columns ->
 * TimeDistributed(Dense(outputSize, softmax)): any number of steps (20 and 10 for the adder's
 * layout, 24 and 12 for the signed one). Initialised as `createModel` initialises the seed's model.
 */
export function createAlignedLayers(hiddenSize: number, seed: number, sizes: { inputSize: number; outputSize: number }): tf.LayersModel {
  let seedCounter = seed;
  const nextSeed = () => (seedCounter += 1);
  const model = tf.sequential({ name: 'addrnn_aligned' });
  model.add(
    tf.layers.lstm({
      units: hiddenSize,
      recurrentActivation: 'sigmoid',
      returnSequences: true,
      inputShape: [null, sizes.inputSize],
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

/** The aligned model's variables in kernel order: LSTM kernel [20, 4h], recurrent kernel [h, 4h], bias [4h], Dense kernel [h, 10], bias [10]. */
export function alignedVariables(model: tf.LayersModel): tf.Variable[] | undefined {
  const weights = model.trainableWeights as unknown as { originalName?: string; name: string; read(): tf.Tensor }[];
  const find = (suffix: string, index: number) => weights.filter((w) => (w.originalName ?? w.name).endsWith(suffix))[index]?.read() as tf.Variable | undefined;
  const found = [find('/kernel', 0), find('/recurrent_kernel', 0), find('/bias', 0), find('/kernel', 1), find('/bias', 1)];
  if (weights.length !== 5 || found.some((v) => v === undefined)) return undefined;
  return found as tf.Variable[];
}
