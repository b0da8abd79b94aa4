import type { Codec, TaskOptions } from '@addrnn/codec';
import type { Architecture, Cell, Implementation, ModelFamily } from './architecture.js';

/** Options of `createModel(options)`: family, task, cell, sizes, dropout, training implementation and seed. */
export interface ModelOptions {
  /**
   * The model family: 'seq2seq', the Keras encoder-decoder; 'aligned', one LSTM over the digit
   * columns that adds numbers of any length (its codec's `digits` is the longest operand it is
   * trained on, `operators` must be ['+']; cell 'lstm', one layer, no dropout). @default 'seq2seq'
   */
  family?: ModelFamily;
  /** The task: a codec, or options to make one. @default new Codec() (5 digits, '+') */
  codec?: Codec | TaskOptions;
  /** Recurrent cell of encoder and decoder. @default 'lstm' */
  cell?: Cell;
  /** Units per recurrent layer. @default 128 (aligned: 32) */
  hiddenSize?: number;
  /**
   * Aligned family only: project each step's inputs to this many values (a Dense layer without
   * bias or activation) before the LSTM, so that every input's weights share those few
   * directions: an integer from 1 to 1024. @default none (the LSTM reads the inputs directly)
   */
  embeddingSize?: number;
  /** Stacked encoder layers. @default 1 */
  encoderLayers?: number;
  /** Stacked decoder layers. @default 1 */
  decoderLayers?: number;
  /** Dropout on each recurrent layer's inputs during training. @default 0 */
  dropout?: number;
  /**
   * How `createTrainStep` trains it: 'kernel' (the WebAssembly SIMD kernel, LSTM 1+1 layers,
   * falls back to 'fused' where it cannot load), 'fused' (tfjs operations, LSTM 1+1 layers) or
   * 'layers' (stock autodiff, every architecture). @default 'kernel' where supported, else 'layers'
   */
  implementation?: Implementation;
  /**
   * Seed of the weight initialisers: an integer from 0 to 2^32-1 (`MAX_SEED`), as everywhere in addrnn.
   * @default 1
   */
  seed?: number;
}

/** Model options with every default filled in and checked: what a family's model is built from. */
export interface ResolvedModelOptions {
  codec: Codec;
  architecture: Architecture;
  seed: number;
}
