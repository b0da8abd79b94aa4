// The words of a model's architecture, shared by the metadata, the options and every family
// module; this file imports nothing, so that the families can use it below the registry.

/** A recurrent cell type. */
export type Cell = 'lstm' | 'gru' | 'simpleRNN';
/** Every cell, for validation and help texts. */
export const CELLS: readonly Cell[] = ['lstm', 'gru', 'simpleRNN'];

/**
 * How training computes the loss and gradients: 'kernel', the WebAssembly SIMD training kernel
 * (falls back to 'fused' where it cannot load); 'fused', hand-written back-propagation through
 * time in tfjs operations; 'layers', stock tfjs-layers autodiff. All three compute the same loss.
 */
export type Implementation = 'kernel' | 'fused' | 'layers';
/** Every implementation, for validation and help texts. */
export const IMPLEMENTATIONS: readonly Implementation[] = ['kernel', 'fused', 'layers'];

/**
 * The model family: 'seq2seq', the Keras addition_rnn encoder-decoder over whole questions of at
 * most `codec.digits` digits; 'aligned', one recurrent layer fed one column of digits per time
 * step, least significant first, writing one answer digit per step: it adds numbers of any length.
 * Each is one module in `families/`, found by this name in `families/registry.ts`.
 */
export type ModelFamily = 'seq2seq' | 'aligned';

/** The shape of a model, as `createModel` built it and its saved metadata records it. */
export interface Architecture {
  /** Absent in models saved before the aligned family existed: 'seq2seq'. */
  family?: ModelFamily;
  /** The recurrent cell of every layer. */
  cell: Cell;
  /** Units of each recurrent layer. */
  hiddenSize: number;
  /** Recurrent layers that read the question (the aligned family's one layer counts here). */
  encoderLayers: number;
  /** Recurrent layers that write the answer (0 in the aligned family). */
  decoderLayers: number;
  /** Dropout rate on each recurrent layer's inputs during training, from 0 (none) to below 1. */
  dropout: number;
  /** How `createTrainStep` trains the model unless told otherwise. */
  implementation: Implementation;
  /**
   * Aligned family only: each step's inputs are first projected to this many values by a Dense
   * layer without bias or activation (a low-rank input map); absent: the LSTM reads them directly.
   */
  embeddingSize?: number;
  /** The gates' activation: `'sigmoid'`, as in Keras (tfjs-layers' default is `'hardSigmoid'`). */
  recurrentActivation: 'sigmoid';
}
