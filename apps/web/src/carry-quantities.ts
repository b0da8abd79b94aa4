import { createRandom } from '@addrnn/dataset';
import type { ProbeCases, ProbeTask, QuestionSet } from './carry-fit.js';
import type { PlottedQuantity } from './carry-plot.js';
import { borrowChain, drawDifference, equalButUnits, lateSign, sameNumber } from './carry-differences.js';
import { chainOfNines, drawCarrySum, halfChain } from './carry-sums.js';
import { borrowsInto, carriesInto, negativeInto, splitQuestion } from './carry-truth.js';

/**
 * A 0/1 quantity the view plots along the columns, with the probe task that reads it from the
 * model's states: the carry of a sum, the borrow of a difference's magnitude (both in the pass
 * that writes the digits), the running sign (in a signed model's first pass).
 */
export interface Quantity extends PlottedQuantity {
  id: 'carry' | 'borrow' | 'sign';
  task: ProbeTask;
  /** The training and held-out questions in words, for the probe paragraph. */
  trainingText: string;
  heldOutText: string;
}

/** A few hundred short sums with carry chains (the models trained on up to 10 digits). */
const TRAINING_SUMS: QuestionSet = { seed: 1, count: 300, minDigits: 3, maxDigits: 20, draw: drawCarrySum };
/** Other sums, longer, never fitted on, plus chains of nines of 10 to 200 digits. */
const HELD_OUT_SUMS: QuestionSet = {
  seed: 2,
  count: 200,
  minDigits: 3,
  maxDigits: 60,
  draw: drawCarrySum,
  chains: [10, 50, 200].flatMap((digits) => [chainOfNines(digits), halfChain(digits)]),
};
/** Short differences with runs of equal digits (which pass the sign and the borrow on), either way round. */
const TRAINING_DIFFERENCES: QuestionSet = { seed: 3, count: 300, minDigits: 3, maxDigits: 20, draw: drawDifference };
/** Other differences, longer, plus the chains 10…0-1, 1-10…0, x-x and numbers equal but in the units digit, of 10 to 200 digits. */
const HELD_OUT_DIFFERENCES: QuestionSet = {
  seed: 4,
  count: 200,
  minDigits: 3,
  maxDigits: 60,
  draw: drawDifference,
  chains: [10, 50, 200].flatMap((digits) => {
    const random = createRandom(digits);
    return [borrowChain(digits), lateSign(digits), sameNumber(random, digits), equalButUnits(random, digits, true), equalButUnits(random, digits, false)];
  }),
};

/**
 * The sign the digits pass is given: the model's own (the sign of its answer, which its first
 * pass chose). Given +, the pass writes a − b; given −, b − a, and it holds the borrow of each
 * in its own direction (with the shipped model a direction per sign reads the borrow of every
 * held-out column right, one direction for both only 96.7 %).
 */
export const GIVEN_SIGN: ProbeCases = {
  names: ['given +', 'given −'],
  of: (adder, questions) => adder.predictBatch(questions).map((answer) => (answer.startsWith('-') ? 1 : 0)),
};

const carryTarget = (question: string) => {
  const { left, right } = splitQuestion(question);
  return carriesInto(left, right);
};

/** The carry into each column of a sum, read from the pass that writes the digits. */
export const CARRY: Quantity = {
  id: 'carry',
  noun: 'carry',
  axis: { one: 'carry', zero: 'none' },
  truthLabel: 'true carry into the column',
  task: { pass: 'digits', target: carryTarget, training: TRAINING_SUMS, heldOut: HELD_OUT_SUMS },
  trainingText: `sums (${TRAINING_SUMS.minDigits} to ${TRAINING_SUMS.maxDigits} digits, with carry chains)`,
  heldOutText: `sums (up to ${HELD_OUT_SUMS.maxDigits} digits, and chains of nines of up to 200)`,
};

/** The borrow into each column of a difference's magnitude (a-b, or b-a when negative), read from the pass that writes the digits. */
export const BORROW: Quantity = {
  id: 'borrow',
  noun: 'borrow',
  axis: { one: 'borrow', zero: 'none' },
  truthLabel: 'true borrow into the column of |a − b|',
  task: {
    pass: 'digits',
    target: (question) => {
      const { left, right } = splitQuestion(question);
      return borrowsInto(left, right);
    },
    training: TRAINING_DIFFERENCES,
    heldOut: HELD_OUT_DIFFERENCES,
    cases: GIVEN_SIGN,
  },
  trainingText: `differences (${TRAINING_DIFFERENCES.minDigits} to ${TRAINING_DIFFERENCES.maxDigits} digits, with runs of equal digits)`,
  heldOutText: `differences (up to ${HELD_OUT_DIFFERENCES.maxDigits} digits, and chains 10…0 − 1, 1 − 10…0, x − x and numbers equal but in the units of up to 200)`,
};

/** Whether the question cut to the columns right of each is negative, read from a signed model's first pass. */
export const SIGN: Quantity = {
  id: 'sign',
  noun: 'minus sign',
  axis: { one: '−', zero: '+' },
  truthLabel: 'true sign so far is minus (the question cut to the columns right of this one is negative)',
  task: { pass: 'sign', target: (question) => negativeInto(splitQuestion(question)), training: TRAINING_DIFFERENCES, heldOut: HELD_OUT_DIFFERENCES },
  trainingText: BORROW.trainingText,
  heldOutText: BORROW.heldOutText,
};

/** What the view plots for a model: the carry alone for the adder; the carry, the borrow and the sign for a signed model. */
export function quantitiesOf(signed: boolean): readonly Quantity[] {
  return signed ? [CARRY, BORROW, SIGN] : [CARRY];
}

/** What the digits pass carries for a question of `operator`: the carry of a sum, the borrow of a difference. */
export function digitsQuantity(operator: '+' | '-'): Quantity {
  return operator === '-' ? BORROW : CARRY;
}

/** How the page names a quantity's probe: "the probe" for the adder's one, "the borrow probe" for a signed model's. */
export function probeName(quantity: Quantity, signed: boolean): string {
  return signed ? `the ${quantity.id} probe` : 'the probe';
}
