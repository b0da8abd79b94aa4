// The browser side of `#platform` (package.json "imports", every condition but "node"): names
// no Node.js module. Checkpoints in a directory (`outDir`) need Node.js; the loader rejects saying so.
import { PlatformUnsupportedError } from '@addrnn/model';
import type * as NodePlatform from './node.js';

function unavailable(name: string): () => Promise<never> {
  return () =>
    Promise.reject(
      new PlatformUnsupportedError(`${name} is available in Node.js only: checkpoints in a directory (outDir, resume) need a file system; train without outDir in a browser`),
    );
}

export const loadFs: typeof NodePlatform.loadFs = unavailable('node:fs');
export const loadFsPromises: typeof NodePlatform.loadFsPromises = unavailable('node:fs/promises');
export const loadPath: typeof NodePlatform.loadPath = unavailable('node:path');
export const loadOs: typeof NodePlatform.loadOs = unavailable('node:os');
