import type { ModelMetadata } from '@addrnn/model';
import { trainingLoss, type Checkpoint } from './checkpoint.js';
import { CheckpointError } from './errors.js';
import type { ResolvedTrainOptions } from './options.js';

/** Refuses a resume whose steps minimised another loss than this version's. */
export function checkLoss(checkpoint: Checkpoint): void {
  const saved = checkpoint.state.loss;
  if (saved === trainingLoss) return;
  throw new CheckpointError(
    `cannot resume from ${checkpoint.directory}: its training steps minimised ` +
      (saved === undefined ? 'a loss it did not record (it was written by an earlier version)' : `the loss ${JSON.stringify(saved)}`) +
      `, this version minimises ${JSON.stringify(trainingLoss)} (exact log-softmax cross-entropy); ` +
      'one run cannot switch losses. Train without resume into another outDir to start a new run.',
  );
}

/** Refuses a resume whose options would change the model's shape or the data order. */
export function checkResumable(
  checkpoint: Checkpoint,
  resolved: ResolvedTrainOptions,
  current: ModelMetadata,
  saved: ModelMetadata,
): void {
  const differences: string[] = [];
  const savedOptions = checkpoint.state.options;
  for (const key of ['batchSize', 'examplesPerEpoch', 'seed'] as const) {
    if (resolved[key] !== savedOptions[key]) differences.push(`${key} ${resolved[key]} (checkpoint: ${savedOptions[key]})`);
  }
  // Checkpoints written before the option existed drew 'keras' operands.
  const savedDistribution = savedOptions.distribution ?? 'keras';
  if (resolved.distribution !== savedDistribution) differences.push(`distribution ${resolved.distribution} (checkpoint: ${savedDistribution})`);
  const compare = (group: string, now: object, then: object, ignore: readonly string[] = []) => {
    for (const [key, value] of Object.entries(now)) {
      if (ignore.includes(key)) continue;
      const before = (then as Record<string, unknown>)[key];
      if (JSON.stringify(value) !== JSON.stringify(before)) {
        differences.push(`${group}.${key} ${JSON.stringify(value)} (checkpoint: ${JSON.stringify(before)})`);
      }
    }
  };
  const { vocabulary: _vocabulary, ...task } = current.codec;
  compare('task', task, saved.codec);
  // The implementation only changes how gradients are computed, not the weights.
  compare('model', current.architecture, saved.architecture, ['implementation']);
  if (differences.length > 0) {
    throw new CheckpointError(
      `cannot resume from ${checkpoint.directory}: the options differ from the checkpoint's: ${differences.join(', ')}. ` +
        'Leave them unset to take the checkpoint\'s, or train without resume into another outDir.',
    );
  }
}

/** Refuses a resume whose saved model's inputs or outputs are not the shape this version trains (a model of an earlier layout). */
export function checkSavedShapes(checkpoint: Checkpoint, current: { inputs: { shape: unknown }[]; outputs: { shape: unknown }[] }, saved: { inputs: { shape: unknown }[]; outputs: { shape: unknown }[] }): void {
  const shapes = (model: typeof current) => JSON.stringify([model.inputs[0]?.shape, model.outputs[0]?.shape]);
  if (shapes(current) === shapes(saved)) return;
  throw new CheckpointError(
    `cannot resume from ${checkpoint.directory}: its model maps ${shapes(saved)}, but this version trains these options as ${shapes(current)} ` +
      '(a layout of an earlier version: it still predicts, but cannot train further). Train without resume into another outDir to start a new run.',
  );
}
