/**
 * The true carry into each column of `left + right`, for display: schoolbook addition on the
 * digits, computed by this code as the reference the model's state is compared with (the
 * model's answers come from the model). Index `t` is column `t` from the right (0 = units);
 * there are (longest operand + 1) columns, as the aligned model reads them, and column 0 has no
 * carry in.
 */
export function carriesInto(left: string, right: string): Uint8Array {
  const columns = Math.max(left.length, right.length) + 1;
  const carries = new Uint8Array(columns);
  for (let t = 0; t + 1 < columns; t += 1) {
    const sum = digitAt(left, t) + digitAt(right, t) + carries[t]!;
    carries[t + 1] = sum >= 10 ? 1 : 0;
  }
  return carries;
}

/** The digit `t` places from the right of `digits`, 0 past its start. */
export function digitAt(digits: string, t: number): number {
  const index = digits.length - 1 - t;
  return index >= 0 ? digits.charCodeAt(index) - 48 : 0;
}
