import { useBackend, type BackendChoice } from '@addrnn/model';
import type { ParsedCommandLine } from '../command-line.js';
import { cliFamily } from '../families/index.js';
import { keepStdoutForJson } from '../json-output.js';
import { describeArchitecture, describeTask } from '../model-description.js';
import { checkModelDirectory, openModel } from '../model-source.js';
import { defaultSeed } from './eval-defaults.js';

/** `addrnn eval`: the model's family runs its own evaluation suite (see families/). */
export async function runEval(parsed: ParsedCommandLine): Promise<number> {
  const json = parsed.flag('json');
  if (json) keepStdoutForJson();
  const directory = parsed.string('model');
  await checkModelDirectory(directory, 'eval');
  await useBackend((parsed.string('backend') ?? 'auto') as BackendChoice);
  const adder = await openModel(directory);
  try {
    const trainingSeed = adder.metadata.training?.seed;
    const seed = parsed.number('seed') ?? (typeof trainingSeed === 'number' ? trainingSeed : defaultSeed);
    const title = `${directory ?? 'pretrained (@addrnn/model)'}: ${describeArchitecture(adder.metadata.architecture)} on ${describeTask(adder.metadata.codec)}`;
    return await cliFamily(adder.family).evaluate(parsed, adder, { directory, seed, json, title });
  } finally {
    adder.dispose();
  }
}
