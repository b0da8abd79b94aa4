/**
 * The true column quantities of a question, for display and as the probes' targets: schoolbook
 * arithmetic on the digits, computed by this code as the reference the model's state is compared
 * with (the model's answers come from the model). Index `t` is column `t` from the right
 * (0 = units); there are (longest operand + 1) columns, as the aligned models read them, and
 * column 0 has nothing carried into it.
 */

/** A question of the carry view: two operands and `+` or `-`. */
export interface ColumnQuestion {
  left: string;
  operator: '+' | '-';
  right: string;
}

/** `"535-61"` → `{ left: '535', operator: '-', right: '61' }` (questions are made by the page, already checked). */
export function splitQuestion(question: string): ColumnQuestion {
  const at = question.search(/[+-]/);
  return { left: question.slice(0, at), operator: question[at] === '-' ? '-' : '+', right: question.slice(at + 1) };
}

function columnsOf(left: string, right: string): number {
  return Math.max(left.length, right.length) + 1;
}

/** The true carry into each column of `left + right`. */
export function carriesInto(left: string, right: string): Uint8Array {
  const columns = columnsOf(left, right);
  const carries = new Uint8Array(columns);
  for (let t = 0; t + 1 < columns; t += 1) {
    const sum = digitAt(left, t) + digitAt(right, t) + carries[t]!;
    carries[t + 1] = sum >= 10 ? 1 : 0;
  }
  return carries;
}

/**
 * 1 in column `t` where the question cut to its `t` lowest columns (the columns right of `t`) is
 * negative: what the signed model's first pass has written by the time it enters column `t`.
 * For `a - b` a column of unequal digits sets it (a < b: negative) and a column of equal digits
 * passes it on, so it is also the borrow into column `t` of `a - b`; for `+` it is 0 everywhere.
 * The top column (0 and 0) passes it on, so the last column holds the answer's sign.
 */
export function negativeInto({ left, operator, right }: ColumnQuestion): Uint8Array {
  const columns = columnsOf(left, right);
  const negative = new Uint8Array(columns);
  if (operator === '+') return negative;
  for (let t = 0; t + 1 < columns; t += 1) {
    const a = digitAt(left, t);
    const b = digitAt(right, t);
    negative[t + 1] = a === b ? negative[t]! : a < b ? 1 : 0;
  }
  return negative;
}

/**
 * The true borrow into each column of the magnitude `|left - right|`, as the signed model's
 * second pass writes it: `left - right` when the answer is not negative, `right - left` when it is.
 */
export function borrowsInto(left: string, right: string): Uint8Array {
  const negative = negativeInto({ left, operator: '-', right });
  const [top, bottom] = negative[negative.length - 1] === 1 ? [right, left] : [left, right];
  const borrows = new Uint8Array(negative.length);
  for (let t = 0; t + 1 < borrows.length; t += 1) borrows[t + 1] = digitAt(top, t) - digitAt(bottom, t) - borrows[t]! < 0 ? 1 : 0;
  return borrows;
}

/** What the digits pass carries into each column: the carry of a sum, the borrow of a difference's magnitude. */
export function carriedInto({ left, operator, right }: ColumnQuestion): Uint8Array {
  return operator === '+' ? carriesInto(left, right) : borrowsInto(left, right);
}

/** The exact answer of a question, from BigInt: the reference the model's own answer is compared with. */
export function exactAnswer({ left, operator, right }: ColumnQuestion): string {
  return (operator === '-' ? BigInt(left) - BigInt(right) : BigInt(left) + BigInt(right)).toString();
}

/** The digit `t` places from the right of `digits`, 0 past its start. */
export function digitAt(digits: string, t: number): number {
  const index = digits.length - 1 - t;
  return index >= 0 ? digits.charCodeAt(index) - 48 : 0;
}
