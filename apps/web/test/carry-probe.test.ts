import '@tensorflow/tfjs-backend-wasm';
import { createRandom } from '@addrnn/dataset';
import { loadAdder, type Adder } from '@addrnn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitCarryProbe, sumsOf, TRAINING_SUMS, type CarryProbe } from '../src/carry-fit.js';
import { carrySamples, readsCarry, scoreReadout } from '../src/carry-probe.js';
import { carryStates } from '../src/carry-states.js';
import { chainOfNines, drawCarrySum, halfChain } from '../src/carry-sums.js';
import { carriesInto } from '../src/carry-truth.js';

/** The carry into column t from BigInt arithmetic: the digit sums of the lower t columns reach 10^t. */
function carriesByBigInt(question: string): number[] {
  const [left, right] = question.split('+') as [string, string];
  const columns = Math.max(left.length, right.length) + 1;
  return Array.from({ length: columns }, (_, t) => {
    const modulus = 10n ** BigInt(t);
    return (BigInt(left) % modulus) + (BigInt(right) % modulus) >= modulus ? 1 : 0;
  });
}

describe('the carry probe (Node, the shipped aligned model)', () => {
  let adder: Adder;
  let probe: CarryProbe;
  beforeAll(async () => {
    adder = await loadAdder('pretrained:aligned', { backend: 'wasm' });
    probe = fitCarryProbe(adder);
  }, 120_000);

  it('computes the true carry into each column as BigInt addition implies', () => {
    const random = createRandom(7);
    for (const question of ['0+0', '5+5', '999+1', '1+999', '12+7', chainOfNines(30), halfChain(12), ...Array.from({ length: 50 }, () => drawCarrySum(random, 1 + random.integer(40)))]) {
      const [left, right] = question.split('+') as [string, string];
      expect(Array.from(carriesInto(left, right)), question).toEqual(carriesByBigInt(question));
    }
  });

  it('draws training sums with long chains and many carries', () => {
    const sums = sumsOf(TRAINING_SUMS);
    expect(sums).toHaveLength(300);
    expect(sumsOf(TRAINING_SUMS)).toEqual(sums);
    const carries = sums.map(carriesByBigInt);
    const share = carries.flat().reduce((a, b) => a + b, 0) / carries.flat().length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
    const longest = Math.max(...carries.map((row) => Math.max(...row.join('').split('0').map((run) => run.length))));
    expect(longest).toBeGreaterThanOrEqual(15);
  });

  it('finds a readout that predicts the carry of held-out sums at least 99% of the time', () => {
    const { chosen, unit, direction, heldOut, training } = probe;
    console.info(
      `carry probe: chosen ${chosen.name}; held out: unit ${unit.name} ${heldOut.unit.accuracy} (r ${heldOut.unit.correlation.toFixed(3)}), direction ${heldOut.direction.accuracy} (r ${heldOut.direction.correlation.toFixed(3)}); training ${training.columns} columns, unit ${unit.trainingAccuracy}, direction ${direction.trainingAccuracy}`,
    );
    expect(training.columns).toBeGreaterThan(3000);
    expect(heldOut.chosen.columns).toBeGreaterThan(5000);
    expect(heldOut.chosen.accuracy).toBeGreaterThanOrEqual(0.99);
    expect(heldOut.chosen.correlation).toBeGreaterThan(0.9);
    expect(chosen.trainingAccuracy).toBe(Math.max(unit.trainingAccuracy, direction.trainingAccuracy));
  });

  it('reads the carry of sums it never saw, up to 2,000 digits, column by column', () => {
    const random = createRandom(99);
    const questions = [...Array.from({ length: 40 }, () => drawCarrySum(random, 2 + random.integer(500))), chainOfNines(2000), halfChain(1500)];
    const states = carryStates(adder, questions);
    let right = 0;
    let columns = 0;
    states.forEach((entry) => {
      const truth = carriesByBigInt(entry.question);
      truth.forEach((carry, t) => {
        columns += 1;
        if (readsCarry(probe.chosen, probe.chosen.value(entry.features, t)) === (carry === 1)) right += 1;
      });
    });
    expect(columns).toBeGreaterThan(10_000);
    expect(right / columns).toBeGreaterThanOrEqual(0.99);
    expect(scoreReadout(probe.chosen, carrySamples(states)).accuracy).toBe(right / columns);
  }, 60_000);
});
