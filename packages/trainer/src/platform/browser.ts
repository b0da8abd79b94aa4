// The browser side of `#platform` (package.json "imports", every condition but "node"): names
// no Node.js module. Checkpoints in a directory (`outDir`) need Node.js; the loader rejects saying so.
import { PlatformUnsupportedError } from '@addrnn/model';
import type * as NodePlatform from './node.js';

export const loadPath: typeof NodePlatform.loadPath = () =>
  Promise.reject(
    new PlatformUnsupportedError('node:path is available in Node.js only: checkpoints in a directory (outDir, resume) need a file system; train without outDir in a browser'),
  );
