/** Test questions `addrnn eval` draws unless --samples says otherwise. */
export const defaultSamples = 10_000;
/** The split's seed when the model does not record the one it was trained with. */
export const defaultSeed = 1;
/** The lengths `eval` measures an aligned model at unless --lengths says otherwise. */
export const DEFAULT_ALIGNED_LENGTHS = [10, 100, 1_000, 10_000];
/** Carry chains of every length up to this, unless --chains says otherwise. */
export const DEFAULT_CHAIN_LENGTH = 1_000;
