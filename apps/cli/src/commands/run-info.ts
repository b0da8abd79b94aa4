import { useBackend } from '@addrnn/model';
import type { ParsedCommandLine } from '../command-line.js';
import { keepStdoutForJson, writeJsonLine } from '../json-output.js';
import { cliFamily } from '../families/index.js';
import { describeArchitecture } from '../model-description.js';
import { checkModelDirectory, openModel } from '../model-source.js';
import { formatCount, formatPercent } from '../number-format.js';

export async function runInfo(parsed: ParsedCommandLine): Promise<number> {
  const json = parsed.flag('json');
  if (json) keepStdoutForJson();
  // Reading weights needs no speed: the plain JavaScript backend starts at once.
  const directory = parsed.string('model');
  await checkModelDirectory(directory, 'info');
  await useBackend('cpu');
  const adder = await openModel(directory);
  try {
    const { metadata } = adder;
    const parameters = adder.model.countParams();
    if (json) {
      writeJsonLine({ model: directory ?? null, parameters, ...metadata });
      return 0;
    }
    const { architecture, training } = metadata;
    // The task and layout rows are the family's own (see families/).
    const layout = cliFamily(adder.family).taskRows(adder);
    const rows: [string, string][] = [
      ['Model', directory ?? 'pretrained (@addrnn/model)'],
      ...layout,
      ['Architecture', describeArchitecture(architecture)],
      ['Implementation', String(architecture.implementation)],
      ['Parameters', formatCount(parameters)],
    ];
    if (training === undefined) {
      rows.push(['Training', 'not recorded']);
    } else {
      rows.push(...describeTraining(training as Record<string, unknown>));
    }
    const width = Math.max(...rows.map(([label]) => label.length)) + 2;
    for (const [label, value] of rows) process.stdout.write(`${`${label}:`.padEnd(width)}${value}\n`);
    return 0;
  } finally {
    adder.dispose();
  }
}

/** The provenance the trainer records is free-form JSON: show the well-known fields, then the rest. */
function describeTraining(training: Record<string, unknown>): [string, string][] {
  const rows: [string, string][] = [];
  const { date, backend, seed, epochs, examplesSeen, accuracy, command, options, longestOperand, ...rest } = training;
  if (typeof date === 'string') rows.push(['Trained', date]);
  if (command !== undefined) rows.push(['Command', String(command)]);
  if (backend !== undefined) rows.push(['Backend', String(backend)]);
  if (seed !== undefined) rows.push(['Seed', String(seed)]);
  if (epochs !== undefined) rows.push(['Epochs', String(epochs)]);
  if (typeof examplesSeen === 'number') rows.push(['Examples seen', formatCount(examplesSeen)]);
  if (typeof longestOperand === 'number') rows.push(['Longest operand', `${formatCount(longestOperand)} digits in training`]);
  if (typeof accuracy === 'number') rows.push(['Validation exact match', formatPercent(accuracy)]);
  if (options !== undefined && typeof options === 'object' && options !== null) {
    const record = options as Record<string, unknown>;
    const summary = Object.entries(record)
      .filter(([key]) => key !== 'task' && key !== 'model')
      .map(([key, value]) => `${key} ${JSON.stringify(value)}`)
      .join(', ');
    if (summary !== '') rows.push(['Options', summary]);
  }
  for (const [key, value] of Object.entries(rest)) rows.push([key, JSON.stringify(value)]);
  return rows;
}
