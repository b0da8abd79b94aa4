// A name shared by the main thread and the gradient workers; no run-time imports, so the workers
// load it without tfjs or @addrnn/*.

/** The recurrent (gate) activations the fused LSTM reproduces exactly. */
export type GateActivation = 'sigmoid' | 'hardSigmoid';
