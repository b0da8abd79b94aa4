import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadAdder, PRETRAINED_NAMES, type Adder } from '@addrnn/model';
import { UsageError } from './usage-error.js';

/** The model in `directory`, or the pretrained one when it is unset. */
export async function openModel(directory: string | undefined): Promise<Adder> {
  return directory === undefined ? loadAdder() : loadAdder(directory);
}

/**
 * Refuses a `--model` directory without a `model.json`: a mistake on the command line, reported
 * before tfjs is started.
 */
export async function checkModelDirectory(directory: string | undefined, command: string): Promise<void> {
  if (directory === undefined) return;
  if (directory.startsWith('pretrained:')) {
    // A shipped model: an unknown name is as much a command-line mistake as a missing directory.
    const names = PRETRAINED_NAMES.map((name) => `pretrained:${name}`);
    if (!names.includes(directory)) {
      throw new UsageError(`--model ${directory}: unknown pretrained model; the shipped ones are ${names.join(' and ')}`, command);
    }
    return;
  }
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(directory)).isDirectory();
  } catch {
    throw new UsageError(`--model ${directory}: no such directory`, command);
  }
  if (!isDirectory) {
    throw new UsageError(`--model ${directory}: not a directory; pass the directory that holds model.json`, command);
  }
  if (!(await exists(path.join(directory, 'model.json')))) {
    const best = path.join(directory, 'best');
    const hint = (await exists(path.join(best, 'model.json')))
      ? `did you mean --model ${best}?`
      : 'a training run saves its models in OUT/best and OUT/latest';
    throw new UsageError(`--model ${directory}: no model.json in it; ${hint}`, command);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
