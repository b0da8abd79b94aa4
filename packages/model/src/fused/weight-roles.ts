// Names shared by the main thread and the gradient workers. This module imports nothing: the
// kernel workers (Node.js threads and the bundled browser worker) load it without tfjs or @addrnn/*.

/** The recurrent (gate) activations the fused LSTM reproduces exactly. */
export type GateActivation = 'sigmoid' | 'hardSigmoid';

/** The weights of the encoder-decoder by role, in one fixed order: kernels and buffers of every implementation follow it. */
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
