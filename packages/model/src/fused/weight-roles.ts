// Names shared by the main thread and the gradient workers. This module imports nothing at run
// time but the kernel's description: the workers load it without tfjs or @addrnn/*.

/** The recurrent (gate) activations the fused LSTM reproduces exactly. */
export type GateActivation = 'sigmoid' | 'hardSigmoid';

/** The weights of the encoder-decoder by role, in the kernel's order: kernels and buffers of every implementation follow it. */
export { WEIGHT_ROLES, type WeightRole } from '../kernel/model-description.js';
