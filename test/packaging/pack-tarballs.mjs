// Packs every published package with `pnpm pack`, as a release would, for the tests and scripts
// that install them outside the workspace (test/packaging, test/runtimes). Needs `pnpm build`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishedPackages } from '../../scripts/published-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Packs each package of `publishedPackages` into `destination` (created if missing).
 * @param {string} destination
 * @returns {Map<string, string>} package name -> path of its tarball
 */
export function packTarballs(destination) {
  mkdirSync(destination, { recursive: true });
  const tarballs = new Map();
  for (const { name, directory } of publishedPackages) {
    const before = new Set(readdirSync(destination));
    try {
      execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: join(root, directory), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
      throw new Error(`pnpm pack of ${name} failed in ${directory}:\n${stdout}${stderr}`, { cause: error });
    }
    const added = readdirSync(destination).filter((file) => !before.has(file));
    if (added.length !== 1) throw new Error(`pnpm pack of ${name} should add one tarball to ${destination}, added ${JSON.stringify(added)}`);
    tarballs.set(name, join(destination, added[0]));
  }
  return tarballs;
}
