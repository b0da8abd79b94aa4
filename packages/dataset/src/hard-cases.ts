import { operatorTask, type Codec } from '@addrnn/codec';
import type { HardCase } from './example.js';
import type { Split } from './split.js';

/**
 * Questions that stress a model of the codec's task, as each of its operators' descriptors lists
 * them (carry chains, zeros, maximum values, a one-digit operand against a full-length one,
 * borrow chains, large products), at the codec's digit count, in the order of its operators.
 * They are a stress set, not a held-out set: each case says which split its pair belongs to,
 * and most belong to training.
 */
export function buildHardCases(codec: Codec, splitOf: (question: string) => Split): HardCase[] {
  const max = 10n ** BigInt(codec.digits) - 1n;
  const seen = new Set<string>();
  const cases: HardCase[] = [];
  for (const operator of codec.operators) {
    for (const { left, right, kind } of operatorTask(operator).hardCases(codec.digits)) {
      if (left < 0n || right < 0n || left > max || right > max) continue;
      const question = `${left}${operator}${right}`;
      if (seen.has(question)) continue;
      seen.add(question);
      cases.push({ question, answer: codec.solve(question), kind, split: splitOf(question) });
    }
  }
  return cases;
}
