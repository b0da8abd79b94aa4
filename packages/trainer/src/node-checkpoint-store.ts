import {
  nodeFileSystem,
  readRegularFile,
  recoverReplacedDirectory,
  uniqueSuffix,
  writeDirectoryAtomically,
  writeFileIn,
  writeModelFiles,
  type DiskFileSystem,
} from '@addrnn/model/internal';
// node:path is imported on first use, and only through `#platform` (package.json "imports"),
// whose browser side names no Node.js module: `train` without `outDir` bundles for a browser.
import { loadPath } from '#platform';
import { CHECKPOINT_NAMES, type CheckpointName, type CheckpointStore } from './checkpoint-store.js';

/**
 * The checkpoints of a run in the directory `outDir` (`outDir/latest`, `outDir/best`), written
 * durably through the model's on-disk module: each into a fresh `.staging-<name>-*` directory,
 * every file fsynced, then the directory; it then replaces the old one by renames, with the
 * parent fsynced before and after each. `fileSystem` (default: node:fs) lets tests record the
 * calls or fail one as a crash would.
 */
export async function createNodeCheckpointStore(outDir: string, fileSystem?: DiskFileSystem): Promise<CheckpointStore> {
  const [fs, path] = await Promise.all([fileSystem ?? nodeFileSystem(), loadPath()]);
  const locate = (name?: CheckpointName, file?: string) => path.join(outDir, ...(name === undefined ? [] : [name]), ...(file === undefined ? [] : [file]));
  const durable = { fileSystem: fs, fsync: true };

  return {
    describe: locate,

    async recover() {
      let entries: string[];
      try {
        entries = await fs.readdir(outDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const actions: string[] = [];
      for (const name of CHECKPOINT_NAMES) actions.push(...(await recoverReplacedDirectory(locate(name), entries, durable)));
      // Staging directories of this store, and of saveModel (`*.saving-*`) not swept above.
      const staging = entries.filter(
        (entry) => entry.startsWith('.staging-') || (entry.includes('.saving-') && !CHECKPOINT_NAMES.some((name) => entry.startsWith(`${name}.saving-`))),
      );
      for (const entry of staging) {
        await fs.remove(path.join(outDir, entry));
        actions.push(`removed ${entry}`);
      }
      if (staging.length > 0) await fs.fsync(outDir);
      return actions;
    },

    exists: async () => (await fs.lstat(outDir)) !== undefined,

    async list() {
      const held: CheckpointName[] = [];
      for (const name of CHECKPOINT_NAMES) if ((await fs.lstat(locate(name))) !== undefined) held.push(name);
      return held;
    },

    async create() {
      await fs.mkdir(outDir, { recursive: true });
    },

    async write(name, contents) {
      const fill = async (staging: string) => {
        await writeModelFiles(fs, staging, contents.model, { fsync: true });
        for (const [file, data] of contents.files) await writeFileIn(fs, staging, file, data, true);
      };
      await writeDirectoryAtomically(locate(name), fill, { ...durable, staging: path.join(outDir, `.staging-${name}-${uniqueSuffix()}`) });
    },

    async read(name, file, maxBytes) {
      try {
        return await readRegularFile((filePath) => fs.openRegularFile(filePath), locate(name, file), maxBytes);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    modelSource: (name) => locate(name),

    async remove(names) {
      for (const name of names) await fs.remove(locate(name));
      await fs.fsync(outDir);
    },
  };
}
