import { checkDrawArguments, drawOperandPair } from './draw.js';
import { edgeCases } from './edge-cases.js';
import type { DrawSource, HardCaseOperands, OperatorTask } from './operator-task.js';

/** `12*34` is `408`: a product has at most as many digits as its operands together. */
export const multiply = Object.freeze<OperatorTask<'*'>>({
  symbol: '*',
  name: 'multiply',
  commutative: true,
  negative: false,
  answerLength: (leftDigits: number, rightDigits: number) => leftDigits + rightDigits,
  answer: (left: bigint, right: bigint) => left * right,
  drawOperands: drawOperandPair,
  // A product's hardest columns sum the largest digit products, with the longest carries between them.
  drawChainPair: drawLargeDigitPair,
  hardCases,
});

/**
 * The carry mix for `*` (`carryFraction`): the operand pairs a multiplier gets wrong last, each of
 * a length uniform in 1..digits. Half the pairs are of large digits: all nines, or each digit drawn
 * from `lowest`..9 with `lowest` from 5 to 9 per operand (`99*999`, `8979*675`); their columns sum
 * the largest digit products with the longest carries. The other half are of repeated digits: one
 * digit 0-9 per operand, each place another digit one time in five (`77477*3333`, and zeros after
 * another leading digit: `10000`, `30400`), and half of these operands of full length; their
 * columns hold one digit pair many times (`22222*22222` holds 2×2 five times in its middle
 * column, `10000*99999` holds 0×9 four times), which uniform operands almost never show.
 * @throws InvalidArgumentError on a source without `integer` or digits outside 1..15.
 */
export function drawLargeDigitPair(source: DrawSource, digits: number): [string, string] {
  checkDrawArguments(source, digits);
  const large = (length: number): string => {
    const lowest = 9 - source.integer(5);
    let text = '';
    for (let i = 0; i < length; i += 1) text += String(lowest + source.integer(10 - lowest));
    return text;
  };
  const repeated = (length: number): string => {
    const digit = source.integer(10);
    let text = '';
    for (let i = 0; i < length; i += 1) {
      // Another digit one time in five; a leading one is never 0 (zeros lead with another digit: 30000, 10200).
      const other = source.integer(5) === 0;
      text += String(i === 0 && (other || digit === 0) ? 1 + source.integer(9) : other ? source.integer(10) : digit);
    }
    return text;
  };
  if (source.integer(2) === 0) {
    const left = large(1 + source.integer(digits));
    return [left, large(1 + source.integer(digits))];
  }
  // Full length half the time: a column holds a pair as many times as both operands are long.
  const length = (): number => (source.integer(2) === 0 ? digits : 1 + source.integer(digits));
  const left = repeated(length());
  return [left, repeated(length())];
}

/**
 * Zeros, maxima and large products (7*99999, 10000*10000), ones (1*x), powers of ten (100*10,
 * 1000*99999), nines of every pair of lengths (99*999), and repeated digits at full length
 * (777*777, 111*111), whose columns sum many equal products with long carries between them.
 */
function hardCases(digits: number): HardCaseOperands[] {
  const cases = edgeCases(digits);
  const max = 10n ** BigInt(digits) - 1n;
  for (let digit = 1n; digit <= 9n; digit += 1n) cases.push({ left: digit, right: max, kind: 'large-product' }); // 7*99999
  const power = 10n ** BigInt(digits - 1);
  cases.push({ left: power, right: power, kind: 'large-product' }); // 10000*10000
  const mixed = BigInt(`1${'234567890'.repeat(Math.ceil(digits / 9))}`.slice(0, digits)); // 12345
  for (const value of [1n, 9n, mixed, max]) cases.push({ left: 1n, right: value, kind: 'one' }, { left: value, right: 1n, kind: 'one' });
  for (let i = 0; i < digits; i += 1) {
    for (let j = 0; j < digits; j += 1) {
      const nines = [10n ** BigInt(i + 1) - 1n, 10n ** BigInt(j + 1) - 1n] as const;
      cases.push({ left: 10n ** BigInt(i), right: 10n ** BigInt(j), kind: 'power-of-ten' }); // 100*10
      cases.push({ left: 10n ** BigInt(i), right: nines[1], kind: 'power-of-ten' }); // 100*99
      cases.push({ left: nines[0], right: nines[1], kind: 'maximum' }); // 99*999
    }
  }
  const ones = (10n ** BigInt(digits) - 1n) / 9n; // 11111
  for (let left = 1n; left <= 9n; left += 1n) {
    for (let right = left; right <= 9n; right += 1n) cases.push({ left: left * ones, right: right * ones, kind: 'repdigit' }); // 777*333
  }
  return cases;
}
