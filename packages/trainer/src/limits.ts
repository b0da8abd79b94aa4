// The limits of train()'s own numeric options, as named constants with no tfjs import, checked in
// resolve-options.ts. The CLI's flags read them from `@addrnn/trainer/presets`. The limits of the
// options train() passes on live with their owners: `MAX_SEED` (@addrnn/codec), `MAX_BATCH_SIZE`
// (@addrnn/dataset), `MAX_HIDDEN_SIZE` and `MAX_LAYERS` (@addrnn/model/limits).

/** The most epochs a run may have. */
export const MAX_EPOCHS = 1_000_000;

/** The most validation questions checked at each evaluation. */
export const MAX_VALIDATION_SIZE = 1_000_000;

/** The most threads computing one batch. */
export const MAX_THREADS = 64;
