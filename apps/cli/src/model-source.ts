import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadAdder, type Adder } from '@addrnn/model';
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
  // A shipped model: loadAdder checks the name.
  if (directory === undefined || directory.startsWith('pretrained:')) return;
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
