import { drawColumnChainPair, drawSignChainPair } from './column-chain.js';
import { drawOperandPair } from './draw.js';
import { edgeCases } from './edge-cases.js';
import type { HardCaseOperands, OperatorTask } from './operator-task.js';

/**
 * `3-10` is `-7`: the difference is never longer than the longer operand, plus its sign. The
 * operator is also the sign, so a task that subtracts needs no other character for it.
 */
export const subtract = Object.freeze<OperatorTask<'-'>>({
  symbol: '-',
  name: 'subtract',
  commutative: false,
  negative: true,
  answerLength: (leftDigits: number, rightDigits: number) => Math.max(leftDigits, rightDigits) + 1,
  answer: (left: bigint, right: bigint) => left - right,
  drawOperands: drawOperandPair,
  // Half borrow chains (10000-1), half sign chains (12345678-12345679: equal above the lowest columns).
  drawChainPair: (source, digits) => (source.integer(2) === 0 ? drawColumnChainPair(source, digits, 'borrow') : drawSignChainPair(source, digits)),
  hardCases,
});

/** Borrow chains (10000-1, 1-99999), zeros, maxima and a full operand minus one digit. */
function hardCases(digits: number): HardCaseOperands[] {
  const cases: HardCaseOperands[] = [];
  const max = 10n ** BigInt(digits) - 1n;
  for (let k = 1; k <= digits; k += 1) {
    cases.push({ left: 10n ** BigInt(k), right: 1n, kind: 'borrow-chain' }); // 10000-1
    cases.push({ left: 1n, right: 10n ** BigInt(k) - 1n, kind: 'borrow-chain' }); // 1-99999
  }
  cases.push(...edgeCases(digits));
  for (let digit = 1n; digit <= 9n; digit += 1n) cases.push({ left: max, right: digit, kind: 'short-and-long' }); // 99999-7
  return cases;
}
