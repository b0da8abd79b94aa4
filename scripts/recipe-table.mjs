#!/usr/bin/env node
// Prints docs/recipes.md table rows from training runs: `node scripts/recipe-table.mjs LABEL=DIR ...`
// (DIR may also be a trainer-state.json, such as those kept in docs/recipe-logs/).
// Each DIR is an `addrnn train --out` directory; the row comes from DIR/latest/trainer-state.json:
// examples and wall time to 97%, 99% and 99.9% validation whole answers, the best accuracy, and
// the one `addrnn train` command that repeats the run (every setting spelled out).
import { readFileSync } from 'node:fs';
import path from 'node:path';

// The command line comes from the CLI's own flag table (apps/cli/src/commands/train-option-flags.ts),
// built: run `pnpm build` first.
const cliFlags = new URL('../apps/cli/dist/train-option-flags.js', import.meta.url);
const { trainCommandLine } = await import(cliFlags.href).catch((error) => {
  console.error(`recipe-table: cannot load ${cliFlags.pathname} (${error.message}); run \`pnpm build\` first`);
  process.exit(1);
});

const count = (n) => n.toLocaleString('en-US');
const minutes = (s) => `${(s / 60).toFixed(1)} min`;

console.log('| run | 97% | 99% | 99.9% | best whole answers | examples trained |');
console.log('|---|---:|---:|---:|---:|---:|');
const commands = [];
for (const argument of process.argv.slice(2)) {
  const [label, dir] = argument.includes('=') ? argument.split('=') : [path.basename(argument), argument];
  // A run directory, or a trainer-state.json kept on its own (docs/recipe-logs/).
  const file = dir.endsWith('.json') ? dir : path.join(dir, 'latest', 'trainer-state.json');
  const state = JSON.parse(readFileSync(file, 'utf8'));
  const cell = (accuracy) => {
    const report = (state.targets ?? []).find((t) => t.accuracy === accuracy);
    return report ? `${count(report.examplesSeen)} (${minutes(report.elapsedSeconds)})` : 'not reached';
  };
  const best = Math.max(state.best.exactMatch, ...(state.targets ?? []).map((t) => t.exactMatch));
  console.log(`| ${label} | ${cell(0.97)} | ${cell(0.99)} | ${cell(0.999)} | ${(best * 100).toFixed(2)}% | ${count(state.examplesSeen)} |`);
  commands.push(`${label}: ${trainCommandLine(state.options)}`);
}
console.log('\nCommands:\n');
for (const line of commands) console.log(`- ${line}`);
