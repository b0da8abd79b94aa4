/**
 * `@addrnn/codec/internal`: helpers that addrnn's own packages (dataset, model, trainer, cli)
 * share, outside the public API. Not covered by semver and left out of the API reference;
 * applications use `@addrnn/codec`.
 * @module @addrnn/codec/internal
 * @internal
 */
export { describeValue } from './describe-value.js';
export { hasMarker, markerOf } from './marker.js';
export { checkSeed } from './seed.js';
