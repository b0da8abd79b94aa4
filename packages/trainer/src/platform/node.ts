// The Node.js side of `#platform` (package.json "imports"): literal `node:` imports, loaded on
// first use (checkpoints and the run lock only). Browser bundlers resolve `#platform` to
// ./browser.ts, so `train()` without `outDir` bundles for a browser with no stubs or `--external`
// flags. Checkpoints reach the file system through the model's on-disk module (`@addrnn/model/internal`).

export const loadFs = (): Promise<typeof import('node:fs')> => import('node:fs');
export const loadFsPromises = (): Promise<typeof import('node:fs/promises')> => import('node:fs/promises');
export const loadPath = (): Promise<typeof import('node:path')> => import('node:path');
export const loadOs = (): Promise<typeof import('node:os')> => import('node:os');
