import { InvalidQuestionError } from '@addrnn/codec';

/** The longest operand the Long sums view takes (the model itself takes up to ALIGNED_MAX_DIGITS). */
export const LONG_SUM_MAX_DIGITS = 10_000;

/** "10,000" */
export function grouped(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * The digits of a number as typed or pasted: whitespace (spaces, tabs, line breaks) is dropped;
 * anything else that is not 0-9 throws an InvalidQuestionError naming the character and its
 * position in what was typed (counting from 1, whitespace included, as an editor counts).
 * @param name What the number is called in messages: "Left number".
 */
export function operandDigits(text: string, name: string, maxDigits = LONG_SUM_MAX_DIGITS): string {
  const digits = text.replace(/\s+/g, '');
  if (!/^\d*$/.test(digits)) {
    let position = 0;
    for (const character of text) {
      position += 1;
      if (/\s|\d/.test(character)) continue;
      throw new InvalidQuestionError(
        `${name}: unexpected character ${JSON.stringify(character)} at position ${grouped(position)}; expected digits 0-9 (spaces and line breaks are ignored)`,
      );
    }
  }
  if (digits === '') throw new InvalidQuestionError(`${name} is empty; expected a whole number of 1 to ${grouped(maxDigits)} digits`);
  if (digits.length > maxDigits) {
    throw new InvalidQuestionError(`${name} has ${grouped(digits.length)} digits; this view adds numbers of up to ${grouped(maxDigits)} digits`);
  }
  return digits;
}

/** A random whole number of exactly `length` digits (no leading zero), from `random` in [0, 1). */
export function randomDigits(length: number, random: () => number = Math.random): string {
  const codes = new Uint8Array(length);
  for (let index = 0; index < length; index += 1) {
    codes[index] = 48 + (index === 0 ? 1 + Math.floor(random() * 9) : Math.floor(random() * 10));
  }
  return new TextDecoder().decode(codes);
}

/** Where a predicted sum first differs from the exact one. */
export interface WrongDigit {
  /** Position counted from the right, 1 = the units digit. */
  fromRight: number;
  /** The digit the model wrote there ('0' past the start of its answer: a leading zero it dropped). */
  predicted: string;
  /** The exact sum's digit there ('0' past the start of the exact sum). */
  expected: string;
  /** Index of that digit in the predicted answer as shown, or -1 when the answer has no digit there. */
  indexInPredicted: number;
}

/**
 * The first wrong digit of `predicted` against `exact`, reading from the units digit leftwards
 * (the order the model writes its answer, so the first error is where a carry went wrong);
 * undefined when the two are the same number.
 */
export function firstWrongDigit(predicted: string, exact: string): WrongDigit | undefined {
  const length = Math.max(predicted.length, exact.length);
  for (let fromRight = 1; fromRight <= length; fromRight += 1) {
    const predictedDigit = predicted[predicted.length - fromRight] ?? '0';
    const expectedDigit = exact[exact.length - fromRight] ?? '0';
    if (predictedDigit !== expectedDigit) {
      return {
        fromRight,
        predicted: predictedDigit,
        expected: expectedDigit,
        indexInPredicted: fromRight <= predicted.length ? predicted.length - fromRight : -1,
      };
    }
  }
  return undefined;
}

/** The lowest of `confidence` and its index (the first one on a tie); undefined when empty. */
export function lowestConfidence(confidence: readonly number[]): { probability: number; index: number } | undefined {
  if (confidence.length === 0) return undefined;
  let index = 0;
  for (let i = 1; i < confidence.length; i += 1) if (confidence[i]! < confidence[index]!) index = i;
  return { probability: confidence[index]!, index };
}

/** Where a predicted answer, which may be negative, differs from the exact one. */
export interface AnswerCheck {
  /** The first wrong digit of the magnitudes, from the units leftwards; its index is into the digits, the sign left out. */
  digit?: WrongDigit;
  /** Set when the signs differ ('+' for an answer without a minus, zero included). */
  sign?: { predicted: '+' | '-'; expected: '+' | '-' };
}

/** A signed answer's sign and digits: "-999" is '-' and "999". */
export function splitSign(answer: string): { sign: '+' | '-'; digits: string } {
  return answer.startsWith('-') ? { sign: '-', digits: answer.slice(1) } : { sign: '+', digits: answer };
}

/**
 * `predicted` against `exact`, both written as numbers that may start with '-': the first wrong
 * digit of their magnitudes (as {@link firstWrongDigit}) and whether the signs differ. An empty
 * object when the two are the same number.
 */
export function checkAnswer(predicted: string, exact: string): AnswerCheck {
  const model = splitSign(predicted);
  const truth = splitSign(exact);
  const digit = firstWrongDigit(model.digits, truth.digits);
  return {
    ...(digit === undefined ? {} : { digit }),
    ...(model.sign === truth.sign ? {} : { sign: { predicted: model.sign, expected: truth.sign } }),
  };
}
