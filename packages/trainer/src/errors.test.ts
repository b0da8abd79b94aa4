import { AddrnnError, InvalidOptionError } from '@addrnn/codec';
import { UnreadableFileError } from '@addrnn/model/internal';
import { describe, expect, it } from 'vitest';
import { CheckpointError, RunExistsError, TrainingDivergedError } from './errors.js';

const diverged = () => new TrainingDivergedError({ epoch: 2, batch: 5, learningRate: 0.01, loss: Number.NaN, outDir: '/runs/a' });

describe("the trainer's errors", () => {
  it('carry a code, their own name and the base class', () => {
    const cases: [AddrnnError, string, string][] = [
      [diverged(), 'TRAINING_DIVERGED', 'TrainingDivergedError'],
      [new CheckpointError('cannot resume: no'), 'CHECKPOINT', 'CheckpointError'],
      [new RunExistsError('/runs/a'), 'RUN_EXISTS', 'RunExistsError'],
    ];
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(AddrnnError);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
    }
    expect(diverged().message).toMatch(/^training diverged: the loss became NaN at epoch 2, batch 5 .* The checkpoints in \/runs\/a were left as they were\.$/);
  });

  it('are recognised by their markers with isInstance, each kind only as itself', () => {
    const kinds = [TrainingDivergedError, CheckpointError, RunExistsError] as const;
    const errors = [diverged(), new CheckpointError('no'), new RunExistsError('/runs/a')];
    for (const [index, error] of errors.entries()) {
      expect(AddrnnError.isInstance(error)).toBe(true);
      for (const [other, kind] of kinds.entries()) expect(kind.isInstance(error)).toBe(other === index);
    }
    for (const value of [new InvalidOptionError('no'), new UnreadableFileError('/a', 'is a directory, not a regular file'), new Error('plain'), { code: 'CHECKPOINT', name: 'CheckpointError' }, null]) {
      for (const kind of kinds) expect(kind.isInstance(value)).toBe(false);
    }
  });

  it('are recognised across copies of the package, where instanceof fails', async () => {
    // The query string makes vite load a second, separate instance of the module: a second copy.
    // @ts-expect-error: TypeScript has no declarations for a module path with a query.
    const copy = (await import('./errors.js?second-copy')) as typeof import('./errors.js');
    expect(copy.CheckpointError).not.toBe(CheckpointError);
    const foreign = [new copy.CheckpointError('other copy'), new copy.RunExistsError('/runs/b'), new copy.TrainingDivergedError({ epoch: 1, batch: 0, learningRate: 1, loss: Infinity })];
    expect(foreign[0] instanceof CheckpointError).toBe(false);
    expect(CheckpointError.isInstance(foreign[0])).toBe(true);
    expect(RunExistsError.isInstance(foreign[1])).toBe(true);
    expect(TrainingDivergedError.isInstance(foreign[2])).toBe(true);
    expect(CheckpointError.isInstance(foreign[1])).toBe(false);
    expect(foreign.every((error) => AddrnnError.isInstance(error))).toBe(true);
    expect(copy.RunExistsError.isInstance(new RunExistsError('/runs/c'))).toBe(true);
  });
});
