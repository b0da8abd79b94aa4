/**
 * `@addrnn/model/internal`: what the sibling packages (the trainer) share with this one and users
 * do not need. Not covered by semver and left out of the API reference.
 * @module @addrnn/model/internal
 * @internal
 */
// Node.js modules are reached through `#platform` only, so a browser bundle that imports this
// entry (the trainer's) names none of them.

// The on-disk module: one writer of the model format, one directory swap, one safe reader.
export { recoverReplacedDirectory, replaceDirectory, uniqueSuffix, writeDirectoryAtomically, writeFileIn } from './directory-swap.js';
export type { ReplaceOptions } from './directory-swap.js';
export { UnreadableFileError } from './errors.js';
export { MODEL_FILE, WEIGHTS_FILE, writeModelFiles } from './file-system-io.js';
export { nodeFileSystem } from './file-system.js';
export type { DiskFileSystem, EntryKind, RegularFile } from './file-system.js';
export { readRegularFile } from './read-regular-file.js';

// The one check of `clipNorm`, which the trainer's options share with the training steps.
export { checkClipNorm } from './check-limits.js';
