import { createRandom } from '@addrnn/dataset';
import type { Adder } from '@addrnn/model';
import { carrySamples, fitCarryReadout, scoreReadout, type CarryReadout, type ReadoutScore } from './carry-probe.js';
import { carryStates } from './carry-states.js';
import { chainOfNines, drawCarrySums, halfChain } from './carry-sums.js';

/** Which sums the probe is fitted on and scored on: seeded, so every visit fits the same probe. */
export interface SumSet {
  seed: number;
  count: number;
  minDigits: number;
  maxDigits: number;
}

/** A few hundred short sums with carry chains (the model trained on up to 10 digits). */
export const TRAINING_SUMS: SumSet = { seed: 1, count: 300, minDigits: 3, maxDigits: 20 };
/** Other sums, longer, never fitted on, plus chains of nines of 10 to 200 digits. */
export const HELD_OUT_SUMS: SumSet = { seed: 2, count: 200, minDigits: 3, maxDigits: 60 };

export interface CarryProbe {
  /** The readout the view shows: the unit, or the direction when it reads the training carries better. */
  chosen: CarryReadout;
  unit: CarryReadout;
  direction: CarryReadout;
  /** Each readout's score on the held-out sums. */
  heldOut: { chosen: ReadoutScore; unit: ReadoutScore; direction: ReadoutScore; sums: number };
  training: { sums: number; columns: number };
}

/** The sums of a set, from its seed. */
export function sumsOf(set: SumSet): string[] {
  return drawCarrySums(createRandom(set.seed), set.count, set.minDigits, set.maxDigits);
}

/** Fits the carry readouts on the training sums' states and scores them on the held-out sums. */
export function fitCarryProbe(adder: Adder): CarryProbe {
  const trainingStates = carryStates(adder, sumsOf(TRAINING_SUMS));
  const training = carrySamples(trainingStates);
  const { chosen, unit, direction } = fitCarryReadout(training, trainingStates[0]!.names);
  const heldOutSums = [...sumsOf(HELD_OUT_SUMS), ...[10, 50, 200].flatMap((digits) => [chainOfNines(digits), halfChain(digits)])];
  const heldOut = carrySamples(carryStates(adder, heldOutSums));
  return {
    chosen,
    unit,
    direction,
    heldOut: { chosen: scoreReadout(chosen, heldOut), unit: scoreReadout(unit, heldOut), direction: scoreReadout(direction, heldOut), sums: heldOutSums.length },
    training: { sums: trainingStates.length, columns: training.count },
  };
}
