/** Test questions `addrnn eval` draws unless --samples says otherwise. */
export const defaultSamples = 10_000;
/** The split's seed when the model does not record the one it was trained with. */
export const defaultSeed = 1;
