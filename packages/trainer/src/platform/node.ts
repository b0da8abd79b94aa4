// The Node.js side of `#platform` (package.json "imports"): literal `node:` imports, loaded on
// first use (checkpoints only). Browser bundlers resolve `#platform` to ./browser.ts, so
// `train()` without `outDir` bundles for a browser with no stubs or `--external` flags. The file
// system itself comes from the model's on-disk module (`@addrnn/model/internal`).

export const loadPath = (): Promise<typeof import('node:path')> => import('node:path');
