import type { Random } from '@addrnn/dataset';
import { borrowChain, drawDifference, equalButUnits, lateSign, sameNumber } from './carry-differences.js';
import { chainOfNines, drawCarrySum, halfChain } from './carry-sums.js';

export type CarryOperator = '+' | '-';

/** The questions the carry view offers with one click. */
export type CarryExample = 'nines' | 'half' | 'borrow-chain' | 'late-sign' | 'same' | 'equal-but-units' | 'random' | 'long';

export interface CarryExampleInfo {
  example: CarryExample;
  /** The button's label; `{question}` is "sum" or "difference" after the chosen operator. */
  label: string;
  /** Whether only a model that subtracts can answer it. */
  signedOnly: boolean;
  /** Whether the view plays it column by column (a chain: something travels along it). */
  plays: boolean;
}

export const CARRY_EXAMPLES: readonly CarryExampleInfo[] = [
  { example: 'nines', label: 'Chain of nines: 99…9 + 1', signedOnly: false, plays: true },
  { example: 'half', label: 'Chain: 49…9 + 50…01', signedOnly: false, plays: true },
  { example: 'borrow-chain', label: 'Borrow chain: 10…0 − 1', signedOnly: true, plays: true },
  { example: 'late-sign', label: 'Sign at the top: 1 − 10…0', signedOnly: true, plays: true },
  { example: 'same', label: 'A number minus itself: x − x', signedOnly: true, plays: false },
  { example: 'equal-but-units', label: 'Equal but the units digit, negative', signedOnly: true, plays: true },
  { example: 'random', label: 'Random 40-digit {question}', signedOnly: false, plays: false },
  { example: 'long', label: 'Random 10,000-digit {question}', signedOnly: false, plays: false },
];

/** The example's question: chains of 30 columns, random ones of the chosen operator. */
export function exampleQuestion(example: CarryExample, operator: CarryOperator, random: Random): string {
  const draw = (digits: number) => (operator === '-' ? drawDifference(random, digits) : drawCarrySum(random, digits));
  switch (example) {
    case 'nines':
      return chainOfNines(30);
    case 'half':
      return halfChain(30);
    case 'borrow-chain':
      return borrowChain(30);
    case 'late-sign':
      return lateSign(30);
    case 'same':
      return sameNumber(random, 30);
    case 'equal-but-units':
      return equalButUnits(random, 30, true);
    case 'random':
      return draw(40);
    case 'long':
      return draw(10_000);
  }
}
