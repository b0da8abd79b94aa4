// `addrnn train`'s flags, as parsed, turned into trainer options.
import { operatorTasks, type Operator, type TaskOptions } from '@addrnn/codec';
import type { BackendChoice, ModelFamily, ModelOptions } from '@addrnn/model';
import type { CheckpointInterval, TrainOptions } from '@addrnn/trainer';
import { PRESET_NAMES, TRAIN_PRESETS } from '@addrnn/trainer/presets';
import type { ParsedCommandLine } from '../command-line.js';
import { UsageError } from '../usage-error.js';
import { NUMBER_FLAGS, SWITCHABLE_FLAGS } from './train-option-flags.js';

/** What the flags give the trainer: everything the user did not give stays unset. */
export type TrainFlags = Omit<TrainOptions, 'outDir' | 'resume' | 'signal' | 'callbacks' | 'overwrite' | 'checkpointInterval'>;

/**
 * The preset made for a family: the one whose model options name it, if any; of the aligned
 * family's two, the multiplier's for `operators` with `*` and the adder's otherwise.
 */
export function presetOfFamily(family: ModelFamily, operators?: readonly Operator[]): (typeof PRESET_NAMES)[number] | undefined {
  const own = PRESET_NAMES.filter((name) => TRAIN_PRESETS[name].model.family === family);
  const multiplies = operators?.includes('*') ?? false;
  return own.find((name) => (TRAIN_PRESETS[name].task.operators?.includes('*') ?? false) === multiplies) ?? own[0];
}

/** The flags the user gave, as trainer options; anything not given stays unset (the preset's, or on resume the checkpoint's). */
export function buildTrainOptions(parsed: ParsedCommandLine): TrainFlags {
  const task: TaskOptions = {};
  const digits = parsed.number('digits');
  if (digits !== undefined) task.digits = digits;
  const operators = parsed.string('operators');
  if (operators !== undefined) task.operators = parseOperators(operators);
  if (parsed.flag('reverse-answer') && parsed.flag('no-reverse-answer')) {
    throw new UsageError('--reverse-answer and --no-reverse-answer contradict each other', 'train');
  }
  if (parsed.flag('reverse-answer')) task.reverseAnswer = true;
  if (parsed.flag('no-reverse-answer')) task.reverseAnswer = false;
  if (parsed.flag('no-reverse-question')) task.reverseQuestion = false;

  const model: Omit<ModelOptions, 'codec'> = {};
  const cell = parsed.string('cell');
  if (cell !== undefined) model.cell = cell as NonNullable<ModelOptions['cell']>;
  const hidden = parsed.number('hidden');
  if (hidden !== undefined) model.hiddenSize = hidden;
  const embedding = parsed.number('embedding');
  if (embedding !== undefined) model.embeddingSize = embedding;
  const encoderLayers = parsed.number('encoder-layers');
  if (encoderLayers !== undefined) model.encoderLayers = encoderLayers;
  const decoderLayers = parsed.number('decoder-layers');
  if (decoderLayers !== undefined) model.decoderLayers = decoderLayers;
  const dropout = parsed.number('dropout');
  if (dropout !== undefined) model.dropout = dropout;
  const implementation = parsed.string('implementation');
  if (implementation !== undefined) model.implementation = implementation as NonNullable<ModelOptions['implementation']>;

  const family = parsed.string('family') as ModelFamily | undefined;
  if (family !== undefined) model.family = family;

  const options: TrainFlags = {};
  const preset = parsed.string('preset');
  if (preset !== undefined) options.preset = preset as NonNullable<TrainFlags['preset']>;
  else if (family !== undefined) {
    const own = presetOfFamily(family, task.operators);
    if (own !== undefined) options.preset = own;
  }
  if (Object.keys(task).length > 0) options.task = task;
  if (Object.keys(model).length > 0) options.model = model;
  for (const [flag, key] of NUMBER_FLAGS) {
    const value = parsed.number(flag);
    if (value !== undefined) options[key] = value;
  }
  // `none` turns these levers off, whatever the preset says.
  for (const [flag, key] of SWITCHABLE_FLAGS) {
    const value = parsed.number(flag);
    if (value !== undefined) options[key] = value;
    else if (parsed.isNone(flag)) options[key] = null;
  }
  const distribution = parsed.string('distribution');
  if (distribution !== undefined) options.distribution = distribution as NonNullable<TrainFlags['distribution']>;
  const decay = parsed.string('lr-decay');
  if (decay !== undefined) options.learningRateDecay = decay as NonNullable<TrainFlags['learningRateDecay']>;
  const backend = parsed.string('backend');
  if (backend !== undefined) options.backend = backend as BackendChoice;
  const threads = parsed.string('threads');
  if (threads !== undefined) {
    if (threads !== 'auto' && !/^[1-9]\d*$/.test(threads)) {
      throw new UsageError(`--threads takes a positive whole number or auto, got "${threads}"`, 'train');
    }
    options.threads = threads === 'auto' ? 'auto' : Number(threads);
  }
  return options;
}

/** The operators `--operators` takes: every one the codec knows, as its descriptors list them. */
function operatorSymbols(): string[] {
  return operatorTasks().map(({ symbol }) => symbol);
}

/** `+-`, `+,-` or `"+ -"`: each operator once. */
function parseOperators(text: string): Operator[] {
  const operators: Operator[] = [];
  const known = operatorSymbols();
  for (const character of text.replace(/[\s,]/g, '')) {
    if (!known.includes(character)) {
      throw new UsageError(`--operators takes the characters ${known.join(' ')}, got "${text}" (unknown "${character}")`, 'train');
    }
    if (operators.includes(character as Operator)) {
      throw new UsageError(`--operators lists "${character}" twice in "${text}"`, 'train');
    }
    operators.push(character as Operator);
  }
  if (operators.length === 0) throw new UsageError(`--operators needs at least one of ${known.join(' ')}`, 'train');
  return operators;
}

/** `--checkpoint-every`: `90s`, `2m`, `100000` (examples) or `epoch`; unset: the trainer's default (1 minute). */
export function parseCheckpointEvery(text: string | undefined): CheckpointInterval | false | undefined {
  if (text === undefined) return undefined;
  if (text === 'epoch') return false;
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text.trim());
  const value = match ? Number(match[1]) : Number.NaN;
  if (!match || !(value > 0) || (match[2] === undefined && !Number.isInteger(value))) {
    throw new UsageError(
      `--checkpoint-every takes seconds (90s), minutes (2m), a whole number of examples (100000) or "epoch", got "${text}"`,
      'train',
    );
  }
  if (match[2] === 's') return { seconds: value };
  if (match[2] === 'm') return { seconds: value * 60 };
  return { examples: value };
}
