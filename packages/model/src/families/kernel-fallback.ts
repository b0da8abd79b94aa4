import { KernelUnsupportedError } from '../kernel/kernel-errors.js';
import { describeStep } from '../layers-train-step.js';
import type { TrainStep } from '../train-step-types.js';

/**
 * The kernel's step, described as 'kernel'; or, where the kernel cannot load or cannot compute
 * the model (KernelUnsupportedError), why not, for the family's fallback to report. Any other
 * error is thrown.
 */
export function tryKernelStep(create: () => TrainStep): { step: TrainStep } | { fallbackReason: string } {
  try {
    return { step: describeStep(create(), 'kernel') };
  } catch (error) {
    if (!(error instanceof KernelUnsupportedError)) throw error;
    return { fallbackReason: error.message };
  }
}
