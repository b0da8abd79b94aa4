#!/usr/bin/env node
// Checks what a consumer of each published package gets: `publint --strict` on every package,
// `attw --pack` (are the types wrong?) on every library. Run after `pnpm build`.
// Usage: node scripts/check-packages.mjs [--dry-run-publish]
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishedPackages } from './published-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const dryRunPublish = process.argv.includes('--dry-run-publish');
let failed = 0;

function run(label, command, args, cwd) {
  try {
    const output = execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(`ok   ${label}`);
    if (process.env.VERBOSE) console.log(output);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${label}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

for (const { name, directory, library } of publishedPackages) {
  const cwd = join(root, directory);
  run(`${name}: publint --strict`, bin('publint'), ['--strict', '--pack', 'pnpm'], cwd);
  if (library) {
    run(`${name}: attw --pack`, bin('attw'), ['--pack', '.', '--format', 'ascii'], cwd);
  }
  if (dryRunPublish) {
    run(`${name}: pnpm publish --dry-run`, 'pnpm', ['publish', '--dry-run', '--no-git-checks'], cwd);
  }
}
if (failed > 0) {
  console.log(`${failed} check(s) failed`);
  process.exit(1);
}
console.log('all package checks passed');
