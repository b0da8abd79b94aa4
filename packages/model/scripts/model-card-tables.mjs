#!/usr/bin/env node
// Prints the model card's tables from a training run and an `addrnn eval --json` result:
//   node packages/model/scripts/model-card-tables.mjs RUN_DIR EVAL_JSON
// RUN_DIR is an `addrnn train --out` directory (its latest/trainer-state.json holds the
// per-epoch history); EVAL_JSON is what `addrnn eval --model RUN_DIR/best --hard --json` printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [runDirectory, evalFile] = process.argv.slice(2);
if (!runDirectory || !evalFile) {
  console.error('usage: model-card-tables.mjs RUN_DIR EVAL_JSON');
  process.exit(2);
}
const state = JSON.parse(readFileSync(join(runDirectory, 'latest', 'trainer-state.json'), 'utf8'));
const evaluation = JSON.parse(readFileSync(evalFile, 'utf8'));
const percent = (x) => `${(100 * x).toFixed(2)}%`;
const count = (x) => Math.round(x).toLocaleString('en-US');

const lines = [];
lines.push('| epoch | examples seen | learning rate | train loss | train per-character | train whole-answer | validation loss | validation per-character | validation whole-answer | examples/s | elapsed |');
lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const epoch of state.history) {
  const best = epoch.epoch === state.best.epoch ? ' **best**' : '';
  lines.push(
    `| ${epoch.epoch}${best} | ${count(epoch.examplesSeen)} | ${epoch.learningRate.toExponential(2)} | ${epoch.loss.toFixed(4)} | ${percent(epoch.charAccuracy)} | ${percent(epoch.exactMatch)} | ` +
      `${epoch.validation.loss.toFixed(4)} | ${percent(epoch.validation.charAccuracy)} | ${percent(epoch.validation.exactMatch)} | ${count(epoch.samplesPerSecond)} | ${(epoch.elapsedSeconds / 60).toFixed(1)} min |`,
  );
}
lines.push('');
lines.push('| set | questions | loss | per-character | whole-answer | wrong |');
lines.push('|---|---:|---:|---:|---:|---:|');
for (const [name, result] of [['test split', evaluation.test], ['hard cases', evaluation.hard]]) {
  if (!result) continue;
  lines.push(`| ${name} | ${count(result.questions)} | ${result.loss.toFixed(4)} | ${percent(result.charAccuracy)} | ${percent(result.exactMatch)} | ${result.errorCount} |`);
}
for (const [name, result] of [['test split', evaluation.test], ['hard cases', evaluation.hard]]) {
  if (!result?.errors?.length) continue;
  lines.push('', `Wrong answers, ${name}${result.errors.length < result.errorCount ? ` (first ${result.errors.length} of ${result.errorCount})` : ''}:`, '');
  for (const error of result.errors) lines.push(`- \`${error.question}\` → \`${error.predicted.trim()}\` (right: \`${error.expected}\`)`);
}
console.log(lines.join('\n'));
