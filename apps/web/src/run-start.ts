import { InvalidOptionError } from '@addrnn/codec';
import type { CheckpointInterval } from '@addrnn/trainer';

/** How the page asks the training worker to keep a run in IndexedDB (`stored-run.ts`). */
export interface StoredRunStart {
  /** Continue the run stored in this browser; otherwise a new run replaces it. */
  resume: boolean;
  /** The trainer's `checkpointInterval`; unset: the trainer's default (a minute). */
  checkpointInterval?: CheckpointInterval | false;
}

/**
 * The page's `?checkpoint-every=` parameter, read as the CLI reads `--checkpoint-every`: seconds
 * (`90s`), minutes (`2m`), a whole number of training examples (`100000`) or `epoch` (only at
 * epoch ends). Undefined when the page has none: the trainer's default then applies.
 */
export function checkpointIntervalFromSearch(search: string): CheckpointInterval | false | undefined {
  const text = new URLSearchParams(search).get('checkpoint-every');
  if (text === null) return undefined;
  if (text === 'epoch') return false;
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text.trim());
  const amount = match ? Number(match[1]) : Number.NaN;
  if (match && amount > 0) {
    if (match[2] === 's') return { seconds: amount };
    if (match[2] === 'm') return { seconds: amount * 60 };
    if (Number.isSafeInteger(amount)) return { examples: amount };
  }
  throw new InvalidOptionError(
    `the page's checkpoint-every parameter takes seconds (90s), minutes (2m), a whole number of examples (100000) or "epoch", got ${JSON.stringify(text)}`,
  );
}
