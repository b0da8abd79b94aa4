import type { HardCaseOperands } from './operator-task.js';

/**
 * Zeros and maxima at `digits` digits, hard for any operator: `0 op 0`, `0 op 99999`,
 * `99999 op 0`, `10000 op 0` and `99999 op 99999`.
 */
export function edgeCases(digits: number): HardCaseOperands[] {
  const max = 10n ** BigInt(digits) - 1n;
  return [
    { left: 0n, right: 0n, kind: 'zero' },
    { left: 0n, right: max, kind: 'zero' },
    { left: max, right: 0n, kind: 'zero' },
    { left: 10n ** BigInt(digits - 1), right: 0n, kind: 'zero' },
    { left: max, right: max, kind: 'maximum' },
  ];
}
