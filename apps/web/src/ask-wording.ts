import type { Operator } from '@addrnn/codec';

/** How the Ask view speaks of a model's questions: its examples, the answer's name and the lede. */
export interface AskWording {
  /** The example buttons ("Try: …"); the first is also the question put in the box for the model. */
  examples: readonly string[];
  /** What the answer is called: "sum", "product", or "answer" for a model of several operators. */
  noun: string;
  /** The line under the view's heading. */
  lede: string;
}

const ADDITION: AskWording = {
  examples: ['535+61', '99999+1', '12345+67890', '5+5'],
  noun: 'sum',
  lede: 'Type an addition; a recurrent network reads it character by character and writes the sum, digit by digit.',
};

const MULTIPLICATION: AskWording = {
  examples: ['123*45', '999*999', '7*8', '305*41'],
  noun: 'product',
  lede: 'Type a multiplication; a recurrent network reads it and writes the product, digit by digit.',
};

/** The wording of each operator with examples of its own; a model's first such operator gives its examples. */
const BY_OPERATOR: Partial<Record<Operator, AskWording>> = { '+': ADDITION, '*': MULTIPLICATION };
const NOUNS: Partial<Record<Operator, string>> = { '+': 'sum', '-': 'difference', '*': 'product' };

/**
 * The wording for a model that takes `operators`: a `*` model gets products and `123*45`, an
 * adder (or anything else) sums and `535+61`; a model of several operators calls its result "answer".
 */
export function askWording(operators: readonly Operator[]): AskWording {
  const own = operators.map((operator) => BY_OPERATOR[operator]).find((wording) => wording !== undefined) ?? ADDITION;
  const noun = operators.length === 1 ? (NOUNS[operators[0]!] ?? 'answer') : 'answer';
  return noun === own.noun ? own : { examples: own.examples, noun, lede: 'Type a question; a recurrent network reads it and writes the answer, digit by digit.' };
}
