import { alignedExampleLayout } from '@addrnn/codec';
import { encodeWithLayout } from './encode-examples.js';
import type { EncodedBatch, Example } from './example.js';

/**
 * Encodes addition examples in the column-aligned layout (see `AlignedLayout` in
 * `@addrnn/codec`): inputs `[size, steps, 20]`, one-hot targets `[size, steps, 10]` and the
 * answers' digits `[size, steps]`, least significant first, where `steps` is the batch's
 * longest operand + 1. Reuses each of `into`'s buffers that has the right length.
 * @throws InvalidQuestionError or InvalidAnswerError naming the first example the layout cannot hold.
 */
export function encodeAlignedExamples(examples: readonly Example[], into?: EncodedBatch): EncodedBatch {
  return encodeWithLayout(alignedExampleLayout, examples, into);
}
