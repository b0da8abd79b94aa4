import { Codec, DEFAULT_TASK_OPTIONS } from '@addrnn/codec';
import { modelFamily, type Architecture, type ModelFamilyDefinition } from '@addrnn/model';
import { resolveTrainOptions, TRAIN_PRESETS, type PresetName, type ResolvedTrainOptions } from '@addrnn/trainer';

/**
 * What a preset leaves to defaults, filled in by their owners: the trainer's options
 * (`resolveTrainOptions`: the decay horizon, the threads), the codec's task and the family's
 * architecture (hidden size, layers, implementation). The Train form starts from these; the app
 * keeps no training defaults of its own.
 */
export interface PresetDefaults {
  name: PresetName;
  options: ResolvedTrainOptions;
  /** The task, the codec's defaults filled in. */
  task: typeof DEFAULT_TASK_OPTIONS;
  architecture: Architecture;
  family: ModelFamilyDefinition;
}

/** The trainer's presets by name, in the trainer's order (`TRAIN_PRESETS`): any preset added there shows up in the form. */
export function presetNames(): PresetName[] {
  return Object.keys(TRAIN_PRESETS) as PresetName[];
}

export function presetDefaults(name: PresetName): PresetDefaults {
  const options = resolveTrainOptions({ preset: name });
  const task = { ...DEFAULT_TASK_OPTIONS, ...options.task };
  const family = modelFamily(options.model.family);
  const { architecture } = family.resolveOptions(options.model, new Codec(task));
  return { name, options, task, architecture, family };
}
