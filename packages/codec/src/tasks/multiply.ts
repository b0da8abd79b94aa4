import { drawColumnChainPair } from './column-chain.js';
import { drawOperandPair } from './draw.js';
import { edgeCases } from './edge-cases.js';
import type { HardCaseOperands, OperatorTask } from './operator-task.js';

/** `12*34` is `408`: a product has at most as many digits as its operands together. */
export const multiply = Object.freeze<OperatorTask<'*'>>({
  symbol: '*',
  name: 'multiply',
  commutative: true,
  negative: false,
  answerLength: (leftDigits: number, rightDigits: number) => leftDigits + rightDigits,
  answer: (left: bigint, right: bigint) => left * right,
  drawOperands: drawOperandPair,
  // Products reuse the sum's carry chains; a draw made for products would replace this line.
  drawChainPair: (source, digits) => drawColumnChainPair(source, digits, 'carry'),
  hardCases,
});

/** Zeros, maxima and large products (7*99999, 10000*10000). */
function hardCases(digits: number): HardCaseOperands[] {
  const cases = edgeCases(digits);
  const max = 10n ** BigInt(digits) - 1n;
  for (let digit = 1n; digit <= 9n; digit += 1n) cases.push({ left: digit, right: max, kind: 'large-product' }); // 7*99999
  const power = 10n ** BigInt(digits - 1);
  cases.push({ left: power, right: power, kind: 'large-product' }); // 10000*10000
  return cases;
}
