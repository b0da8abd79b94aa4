// Tests run createParallelTrainStep from source, but its workers start from the built
// dist/parallel-worker.js (Node.js 20 cannot start a .ts file as a thread). This builds that one
// entry when it is missing or older than the sources, so the parallel tests pass from a fresh
// clone without `pnpm build`. Usable from a test's beforeAll or as a vitest globalSetup.
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const sourceRoot = fileURLToPath(new URL('../', import.meta.url));
const entry = fileURLToPath(new URL('./node-worker.ts', import.meta.url));
const built = fileURLToPath(new URL('../../dist/parallel-worker.js', import.meta.url));

/** Newest modification time of the package's non-test sources (the worker's import closure is a subset). */
async function newestSource(directory: string): Promise<number> {
  let newest = 0;
  for (const item of await readdir(directory, { withFileTypes: true })) {
    const path = `${directory}/${item.name}`;
    if (item.isDirectory()) {
      if (item.name !== 'pretrained') newest = Math.max(newest, await newestSource(path));
    } else if (item.name.endsWith('.ts') && !item.name.endsWith('.test.ts')) {
      newest = Math.max(newest, (await stat(path)).mtimeMs);
    }
  }
  return newest;
}

async function builtTime(): Promise<number | undefined> {
  try {
    return (await stat(built)).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Builds dist/parallel-worker.js (ESM, tfjs external, @addrnn packages bundled from source)
 * unless it is newer than every source file. Writes to a scratch folder and renames into
 * place, so a concurrent test run never starts a half-written worker. Returns whether it built.
 */
export async function ensureBuiltWorker(): Promise<boolean> {
  const time = await builtTime();
  if (time !== undefined && time >= (await newestSource(sourceRoot))) return false;
  const { build } = await import('tsup');
  const scratch = `${packageRoot}node_modules/.cache/parallel-worker-${process.pid}-${Date.now()}`;
  try {
    await build({
      config: false,
      entry: { 'parallel-worker': entry },
      outDir: scratch,
      format: ['esm'],
      platform: 'node',
      target: 'node20',
      dts: false,
      sourcemap: false,
      splitting: false,
      clean: false,
      silent: true,
      external: [/^@tensorflow\//],
      noExternal: [/^@addrnn\//],
      esbuildOptions(options) {
        options.conditions = ['@addrnn/source'];
      },
    });
    await mkdir(fileURLToPath(new URL('../../dist/', import.meta.url)), { recursive: true });
    await rename(`${scratch}/parallel-worker.js`, built);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return true;
}

/** As a vitest globalSetup. */
export default async function setup(): Promise<void> {
  await ensureBuiltWorker();
}
