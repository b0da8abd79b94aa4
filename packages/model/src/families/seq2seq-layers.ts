// The seq2seq family's tfjs-layers model: the Keras addition_rnn encoder-decoder.
import * as tf from '@tensorflow/tfjs';
import type { Codec } from '@addrnn/codec';
import type { Architecture, Cell } from '../architecture.js';
import { quietOrthogonal } from '../initializers.js';

type RecurrentConfig = Parameters<typeof tf.layers.lstm>[0];

function recurrentLayer(cell: Cell, config: RecurrentConfig): tf.layers.Layer {
  if (cell === 'gru') return tf.layers.gru(config);
  if (cell === 'simpleRNN') {
    const { recurrentActivation: _unused, ...rest } = config;
    return tf.layers.simpleRNN(rest);
  }
  return tf.layers.lstm(config);
}

/**
 * The Keras addition_rnn model, sized from the codec: recurrent encoder over the one-hot
 * question -> RepeatVector(answerLength) -> recurrent decoder returning sequences ->
 * TimeDistributed(Dense(vocabulary, softmax)). Built from stock tfjs-layers only, so a saved
 * model loads in plain `tf.loadLayersModel`.
 */
export function createSeq2seqLayers(codec: Codec, architecture: Architecture, seed: number): tf.LayersModel {
  const { cell, hiddenSize, encoderLayers, decoderLayers, dropout } = architecture;
  // tfjs takes any number as an initialiser seed but treats 0 as "no seed" (Math.random), so
  // the initialisers get seed+1, seed+2, ...: never 0, exact in a double for every seed up to
  // MAX_SEED, and the same seeds (so the same weights) as before the range grew past 2^31-1.
  let seedCounter = seed;
  const nextSeed = () => (seedCounter += 1);
  const recurrent = (returnSequences: boolean, extra: { inputShape?: number[] } = {}) =>
    recurrentLayer(cell, {
      units: hiddenSize,
      recurrentActivation: 'sigmoid',
      returnSequences,
      dropout,
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      recurrentInitializer: quietOrthogonal(nextSeed()),
      ...extra,
    });

  const model = tf.sequential({ name: 'addrnn' });
  for (let layer = 0; layer < encoderLayers; layer += 1) {
    const first = layer === 0 ? { inputShape: [codec.questionLength, codec.vocabularySize] } : {};
    model.add(recurrent(layer < encoderLayers - 1, first));
  }
  model.add(tf.layers.repeatVector({ n: codec.answerLength }));
  for (let layer = 0; layer < decoderLayers; layer += 1) model.add(recurrent(true));
  model.add(
    tf.layers.timeDistributed({
      layer: tf.layers.dense({ units: codec.vocabularySize, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }) }),
    }),
  );
  return model;
}
