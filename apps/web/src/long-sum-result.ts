import type { DecodedAnswer } from '@addrnn/codec';
import { element, percent } from './dom.js';
import { operatorSymbol } from './long-sum-fields.js';
import { checkAnswer, grouped, splitSign, type AnswerCheck } from './long-sum-input.js';
import type { LongOperator } from './long-sum-model.js';
import { createConfidenceStrip } from './long-sum-strip.js';

/** One answer of the Long sums view, as the model gave it, with what it is checked against. */
export interface LongAnswer {
  operator: LongOperator;
  /** The two numbers' digits. */
  operands: readonly [string, string];
  decoded: DecodedAnswer;
  /** The exact answer (`SignedLayout.solve`), '-' first when negative. */
  exact: string;
  /** Whether the model writes a sign (its codec has '-'): `decoded.positions[0]` is then the sign and its probability. */
  signed: boolean;
  milliseconds: number;
}

/** The result area: verdict, time, the model's answer and its sign, the exact answer, the confidence strip. */
export interface LongSumResult {
  element: HTMLElement;
  /** Shows `text` ("Adding…") in the verdict line, the previous result left as it is. */
  pending(text: string): void;
  hide(): void;
  show(answer: LongAnswer): AnswerCheck;
}

const nounOf = (operator: LongOperator) => (operator === '-' ? 'difference' : 'sum');

function verdictText({ digit, sign }: AnswerCheck, noun: string, digits: number, predictedSign: '+' | '-'): string {
  const signWords = (written: '+' | '-') => (written === '-' ? 'a minus sign' : 'no minus sign');
  const signError = sign && `the model wrote ${signWords(sign.predicted)}, the exact ${noun} ${sign.expected === '-' ? 'is negative' : 'has none'}`;
  if (digit) {
    const shorter = digit.indexInPredicted < 0 ? ' (the model’s answer is shorter)' : '';
    const also = signError ? ` Its sign is wrong too: ${signError}.` : '';
    return `✗ Wrong at digit ${grouped(digit.fromRight)} from the right: the model wrote ${digit.predicted}, the exact ${noun} has ${digit.expected}${shorter}.${also}`;
  }
  if (signError) return `✗ Wrong sign: ${signError} (all ${grouped(digits)} digits match).`;
  return predictedSign === '-'
    ? `✓ Exact: the sign (−) and all ${grouped(digits)} digits match the exact ${noun}.`
    : `✓ Exact: all ${grouped(digits)} digits match the exact ${noun}.`;
}

export function createLongSumResult(): LongSumResult {
  const verdict = element('p', { id: 'long-verdict', class: 'mark', role: 'status' });
  const time = element('p', { id: 'long-time', class: 'meta' });
  const heading = element('h3', { id: 'long-sum-heading' }, 'The model’s sum');
  // The sign the model chose, and how sure it was (signed models only).
  const sign = element('p', { id: 'long-sign', class: 'long-sign', hidden: true });
  // Scrollable boxes of digits; focusable, so that a keyboard can scroll them too.
  const sum = element('output', { id: 'long-sum', class: 'long-digits', for: 'long-left long-operator long-right', 'aria-labelledby': 'long-sum-heading', tabindex: 0 });
  const exactAnswer = element('output', { id: 'long-exact', class: 'long-digits truth', for: 'long-left long-operator long-right', 'aria-label': 'The exact sum', tabindex: 0 });
  const exactSummary = element('summary', {}, 'Exact sum (BigInt)');
  const exactDetails = element('details', { id: 'long-exact-details' }, exactSummary, exactAnswer);
  const strip = createConfidenceStrip();
  const root = element('div', { id: 'long-result', class: 'long-result', hidden: true }, verdict, time, heading, sign, sum, exactDetails, strip.element);

  /** The model's answer, its wrong sign and first wrong digit marked. */
  const showAnswer = (answer: string, check: AnswerCheck) => {
    const { sign: written, digits } = splitSign(answer);
    const parts: (Node | string)[] = [];
    if (written === '-') parts.push(check.sign ? element('mark', { id: 'long-wrong-sign', title: 'wrong sign' }, '-') : '-');
    const at = check.digit?.indexInPredicted ?? -1;
    let mark: HTMLElement | undefined;
    if (at < 0) parts.push(digits);
    else {
      mark = element('mark', { id: 'long-wrong-digit', title: `digit ${grouped(check.digit!.fromRight)} from the right` }, digits.slice(at, at + 1));
      parts.push(digits.slice(0, at), mark, digits.slice(at + 1));
    }
    sum.replaceChildren(...parts);
    // Scroll the sum's box (not the page) to the marked digit.
    if (mark) sum.scrollTop = Math.max(0, mark.offsetTop - sum.clientHeight / 2);
  };

  const show = ({ operator, operands, decoded, exact, signed, milliseconds }: LongAnswer): AnswerCheck => {
    const noun = nounOf(operator);
    const check = checkAnswer(decoded.answer, exact);
    const predicted = splitSign(decoded.answer);
    heading.textContent = `The model’s ${noun}`;
    exactSummary.textContent = `Exact ${noun} (BigInt)`;
    exactAnswer.setAttribute('aria-label', `The exact ${noun}`);
    showAnswer(decoded.answer, check);
    exactAnswer.textContent = exact;
    exactDetails.open = check.digit !== undefined || check.sign !== undefined;
    const signPosition = signed ? decoded.positions[0] : undefined;
    sign.hidden = signPosition === undefined;
    if (signPosition !== undefined) {
      sign.dataset['probability'] = String(signPosition.probability);
      sign.className = `long-sign${check.sign ? ' wrong' : ''}`;
      sign.textContent = `Sign: ${operatorSymbol(predicted.sign)} (${percent(signPosition.probability, 2)})${check.sign ? `, wrong: the exact ${noun} is ${check.sign.expected === '-' ? 'negative' : 'not negative'}` : ''}`;
    }
    root.hidden = false;
    // One column per digit: the sign's confidence is the line above.
    strip.draw(predicted.sign === '-' ? decoded.confidence.slice(1) : decoded.confidence, check.digit?.indexInPredicted);
    const wrong = check.digit !== undefined || check.sign !== undefined;
    verdict.className = `mark ${wrong ? 'wrong' : 'right'}`;
    verdict.textContent = verdictText(check, noun, splitSign(exact).digits.length, predicted.sign);
    time.dataset['milliseconds'] = milliseconds.toFixed(1);
    const [left, right] = operands;
    const steps = signed ? `2 passes of ${grouped(decoded.positions.length - 1)} LSTM steps` : `${grouped(decoded.positions.length)} LSTM steps`;
    time.textContent = `Prediction took ${milliseconds.toFixed(1)} ms: ${grouped(left.length)} ${operatorSymbol(operator)} ${grouped(right.length)} digits, ${steps}, a ${grouped(predicted.digits.length)}-digit ${noun}${predicted.sign === '-' ? ' and its sign' : ''}.`;
    return check;
  };

  return {
    element: root,
    pending: (text) => {
      verdict.textContent = text;
      verdict.className = 'mark';
    },
    hide: () => {
      root.hidden = true;
    },
    show,
  };
}
