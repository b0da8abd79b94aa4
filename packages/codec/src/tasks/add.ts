import { drawColumnChainPair } from './column-chain.js';
import { drawOperandPair } from './draw.js';
import { edgeCases } from './edge-cases.js';
import type { HardCaseOperands, OperatorTask } from './operator-task.js';

/** `535+61` is `596`: a sum carries into at most one more digit than its longer operand. */
export const add = Object.freeze<OperatorTask<'+'>>({
  symbol: '+',
  name: 'add',
  commutative: true,
  negative: false,
  answerLength: (leftDigits: number, rightDigits: number) => Math.max(leftDigits, rightDigits) + 1,
  answer: (left: bigint, right: bigint) => left + right,
  drawOperands: drawOperandPair,
  drawChainPair: (source, digits) => drawColumnChainPair(source, digits, 'carry'),
  hardCases,
});

/** Carry chains (99999+1, 49999+50001), zeros, maxima and a one-digit operand against a full one. */
function hardCases(digits: number): HardCaseOperands[] {
  const cases: HardCaseOperands[] = [];
  const push = (left: bigint, right: bigint, kind: HardCaseOperands['kind']) => cases.push({ left, right, kind });
  const max = 10n ** BigInt(digits) - 1n;
  const half = 5n * 10n ** BigInt(digits - 1);
  for (let k = 1; k <= digits; k += 1) {
    const nines = 10n ** BigInt(k) - 1n;
    push(nines, 1n, 'carry-chain'); // 99999+1
    push(1n, nines, 'carry-chain'); // 1+99999
    if (k < digits) push(nines, nines, 'carry-chain'); // 999+999 (the full-length one is 'maximum')
  }
  push(half - 1n, half + 1n, 'carry-chain'); // 49999+50001
  push(half, half, 'carry-chain'); // 50000+50000
  push((max / 9n) * 5n, max - (max / 9n) * 5n + 1n, 'carry-chain'); // 55555+44445
  cases.push(...edgeCases(digits));
  for (let digit = 1n; digit <= 9n; digit += 1n) {
    push(digit, max, 'short-and-long'); // 7+99999
    push(max - digit + 1n, digit, 'short-and-long'); // 99991+9
  }
  return cases;
}
