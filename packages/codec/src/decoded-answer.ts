import { PADDING } from './vocabulary.js';

/** What a model's output for one answer says, for a person to read. */
export interface DecodedAnswer {
  /** The answer as read by a person: padding stripped, reversal undone. May be any string
   * of vocabulary characters (an untrained model writes `'1 2'` or `'--'`); it is not validated. */
  answer: string;
  /** Probability of the chosen character for each character of `answer`, in reading order. */
  confidence: number[];
  /**
   * Every answer slot in reading order, padding included, with its chosen character's probability.
   * @property character - the character the slot holds, `' '` for padding.
   * @property probability - the model's probability of that character, from 0 to 1.
   */
  positions: { character: string; probability: number }[];
}

/**
 * Reads answer slots (in sequence order) the way they were written: answers are laid out
 * from slot 0 and padded after, so the answer is every slot before the trailing padding,
 * read back to front when `reverseAnswer` is set. Padding inside or before the answer is
 * kept, so a wrong output never reads as a right one.
 */
export function readAnswer(
  characters: readonly string[],
  probabilities: readonly number[],
  reverseAnswer: boolean,
): DecodedAnswer {
  const used = answerSlotCount(characters);
  const inReadingOrder = <T>(slots: readonly T[]): T[] =>
    reverseAnswer ? [...slots].reverse() : [...slots];
  return {
    answer: inReadingOrder(characters.slice(0, used)).join(''),
    confidence: inReadingOrder(probabilities.slice(0, used)),
    positions: inReadingOrder(
      characters.map((character, slot) => ({ character, probability: probabilities[slot] ?? 0 })),
    ),
  };
}

/** {@link readAnswer}'s `answer` alone. */
export function readAnswerText(characters: readonly string[], reverseAnswer: boolean): string {
  const answer = characters.slice(0, answerSlotCount(characters));
  return (reverseAnswer ? answer.reverse() : answer).join('');
}

function answerSlotCount(characters: readonly string[]): number {
  let used = characters.length;
  while (used > 0 && characters[used - 1] === PADDING) used -= 1;
  return used;
}
