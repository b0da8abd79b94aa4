import { packageBuild } from '../../tsup.shared';

export default packageBuild({
  entry: {
    index: 'src/index.ts',
    // `@addrnn/codec/internal`: helpers for addrnn's own packages, outside the public API.
    internal: 'src/internal.ts',
  },
  // Shared chunks in CommonJS too: the two entries must share one copy of each error class, or
  // an error thrown through `internal` would fail `instanceof` against the one from the index.
  splitting: true,
});
