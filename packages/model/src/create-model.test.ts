import * as tf from '@tensorflow/tfjs';
import { Codec, InvalidOptionError } from '@addrnn/codec';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { createModel } from './create-model.js';
import { getMetadata } from './metadata.js';

const recurrent = (gates: number, input: number, units: number) => gates * (units * (input + units) + units);

describe('createModel', () => {
  beforeAll(async () => {
    // The orthogonal initialiser's QR takes ~30 s for 128x512 on the cpu backend, well under 1 s on wasm.
    await useBackend('wasm');
  }, 60_000);

  it('builds the seed model by default: LSTM 128 -> RepeatVector 6 -> LSTM 128 -> Dense 12 softmax', () => {
    const model = createModel();
    expect(model.inputs[0]!.shape).toEqual([null, 11, 12]);
    expect(model.outputs[0]!.shape).toEqual([null, 6, 12]);
    expect(model.countParams()).toBe(recurrent(4, 12, 128) + recurrent(4, 128, 128) + 128 * 12 + 12);
    expect(model.countParams()).toBe(205_324);
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(['LSTM', 'RepeatVector', 'LSTM', 'TimeDistributed']);
    const lstm = model.layers[0]!.getConfig() as { recurrentActivation: string };
    expect(lstm.recurrentActivation).toBe('sigmoid');
    expect(getMetadata(model)).toMatchObject({
      format: 'addrnn',
      formatVersion: 1,
      codec: { digits: 5, operators: ['+'] },
      architecture: { cell: 'lstm', hiddenSize: 128, encoderLayers: 1, decoderLayers: 1, dropout: 0, implementation: 'kernel' },
    });
    model.dispose();
  }, 60_000);

  it('honours cell, hidden size, layers, dropout and the task', () => {
    const codec = new Codec({ digits: 2, operators: ['+', '-'] });
    const gru = createModel({ codec, cell: 'gru', hiddenSize: 8, encoderLayers: 2, decoderLayers: 3, dropout: 0.1 });
    const v = codec.vocabularySize;
    expect(gru.inputs[0]!.shape).toEqual([null, 5, v]);
    expect(gru.layers.map((layer) => layer.getClassName())).toEqual(['GRU', 'GRU', 'RepeatVector', 'GRU', 'GRU', 'GRU', 'TimeDistributed']);
    expect(gru.countParams()).toBe(recurrent(3, v, 8) + recurrent(3, 8, 8) * 4 + 8 * v + v);
    expect((gru.layers[0]!.getConfig() as { dropout: number }).dropout).toBe(0.1);
    expect(getMetadata(gru).architecture.implementation).toBe('layers');
    const simple = createModel({ codec: { digits: 1 }, cell: 'simpleRNN', hiddenSize: 4 });
    expect(simple.countParams()).toBe(recurrent(1, 12, 4) + recurrent(1, 4, 4) + 4 * 12 + 12);
    gru.dispose();
    simple.dispose();
  }, 60_000);

  it('gives the same weights for the same seed and different ones for another', () => {
    const weights = (seed: number) => {
      const model = createModel({ codec: { digits: 1 }, hiddenSize: 4, seed });
      const values = Array.from(model.getWeights()[0]!.dataSync());
      model.dispose();
      return values;
    };
    expect(weights(3)).toEqual(weights(3));
    expect(weights(3)).not.toEqual(weights(4));
  }, 60_000);

  it('validates options with the name, the value and what is accepted', () => {
    const cases: [object, string][] = [
      [{ hiddenSize: 0 }, 'hiddenSize must be an integer from 1 to 4096, got 0'],
      [{ encoderLayers: 1.5 }, 'encoderLayers must be an integer from 1 to 8, got 1.5'],
      [{ decoderLayers: 9 }, 'decoderLayers must be an integer from 1 to 8, got 9'],
      [{ cell: 'transformer' }, 'cell must be one of lstm, gru, simpleRNN, got "transformer"'],
      [{ dropout: 1 }, 'dropout must be a number from 0 (inclusive) to 1 (exclusive), got 1'],
      [{ seed: -1 }, 'seed must be an integer from 0 to 4294967295, got -1'],
      [{ seed: 2 ** 32 }, 'seed must be an integer from 0 to 4294967295, got 4294967296'],
      [{ seed: '3' }, 'seed must be an integer from 0 to 4294967295, got "3"'],
      [{ hiddenSize: '8' }, 'hiddenSize must be an integer from 1 to 4096, got "8"'],
      [{ codec: { digits: 2, vocabulary: [] } }, 'unknown option vocabulary in options'],
      [{ hiddensize: 8 }, 'unknown option "hiddensize" in the model options; expected family, codec, cell, hiddenSize, embeddingSize, encoderLayers, decoderLayers, dropout, implementation, seed'],
      [{ implementation: 'fast' }, 'implementation must be one of "kernel", "fused", "layers", got "fast"'],
      [{ cell: 'gru', implementation: 'fused' }, 'implementation "fused" supports one encoder and one decoder LSTM layer without dropout'],
      [{ family: 'transformer' }, 'family must be one of seq2seq, aligned, got "transformer"'],
      [{ family: 'aligned', codec: { operators: ['+', '*'] } }, 'the aligned family multiplies alone: its operators are ["+"], ["+","-"] or ["*"], got ["+","*"]'],
      [{ family: 'aligned', cell: 'gru' }, 'the aligned family has an lstm cell, got cell "gru"'],
      [{ family: 'aligned', decoderLayers: 1 }, 'the aligned family has no decoder, got decoderLayers 1'],
      [{ family: 'aligned', implementation: 'fused' }, 'the aligned family trains with implementation "kernel" or "layers", got "fused" (the fused step computes the encoder-decoder only)'],
      [{ family: 'aligned', hiddenSize: 0 }, 'hiddenSize must be an integer from 1 to 4096, got 0'],
      [{ family: 'aligned', embeddingSize: 0 }, 'embeddingSize must be an integer from 1 to 1024, got 0'],
      [{ family: 'aligned', embeddingSize: 2.5 }, 'embeddingSize must be an integer from 1 to 1024, got 2.5'],
      [{ family: 'aligned', embeddingSize: '8' }, 'embeddingSize must be an integer from 1 to 1024, got "8"'],
      [{ embeddingSize: 8 }, "embeddingSize projects the aligned family's input columns; the seq2seq family reads one-hot characters, got embeddingSize 8"],
    ];
    const tensors = tf.memory().numTensors;
    for (const [options, message] of cases) {
      expect(() => createModel(options)).toThrow(InvalidOptionError);
      expect(() => createModel(options)).toThrow(message);
    }
    for (const options of [null, 5, 'lstm', []]) {
      expect(() => createModel(options as never)).toThrow(InvalidOptionError);
      expect(() => createModel(options as never)).toThrow(/^options must be an object \(ModelOptions\), got /);
    }
    // Options are checked before any layer is built: a refused call leaves no weights behind.
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it(
    'takes every seed from 0 to 2^32-1, each reproducible, and gives tfjs initialiser seeds from seed+1 on',
    () => {
      const build = (seed: number) => createModel({ codec: { digits: 1 }, hiddenSize: 4, seed });
      const weights = (seed: number) => {
        const model = build(seed);
        const values = model.getWeights().flatMap((weight) => Array.from(weight.dataSync()));
        model.dispose();
        return values;
      };
      // tfjs reads an initialiser seed of 0 as "no seed" (Math.random): seed 0 must still be reproducible.
      for (const seed of [0, 2 ** 31 - 1, 2 ** 31, 3_000_000_000, 2 ** 32 - 1]) expect(weights(seed)).toEqual(weights(seed));
      expect(weights(2 ** 32 - 1)).not.toEqual(weights(2 ** 32 - 2));
      expect(weights(0)).not.toEqual(weights(1));
      // Seeds below 2^31 are passed on as before, so models trained before the range grew rebuild identically.
      const model = build(1);
      const layer = model.layers[0]!.getConfig() as { kernelInitializer: { config: { seed: number } }; recurrentInitializer: { config: { seed: number } } };
      expect(layer.kernelInitializer.config.seed).toBe(2);
      expect(layer.recurrentInitializer.config.seed).toBe(3);
      model.dispose();
    },
    60_000,
  );

  it('takes a codec made by another copy of @addrnn/codec instead of calling it an unknown option', async () => {
    // @ts-expect-error: TypeScript has no declarations for a module path with a query.
    const copy = (await import('../../codec/src/codec.js?second-copy')) as typeof import('@addrnn/codec');
    const foreign = new copy.Codec({ digits: 2, operators: ['-'] });
    expect(foreign instanceof Codec).toBe(false);
    const model = createModel({ codec: foreign as never, hiddenSize: 4 });
    expect(getMetadata(model).codec).toEqual(foreign.toConfig());
    expect(model.inputs[0]!.shape).toEqual([null, 5, foreign.vocabularySize]);
    model.dispose();
  }, 60_000);
});
