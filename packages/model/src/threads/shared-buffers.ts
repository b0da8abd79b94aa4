import type { EncoderDecoderDescription } from '../kernel/model-description.js';
import type { ShardBuffers } from './protocol.js';

/** Sizes of one example and of the model, which fix the size of a shard's buffers. */
export interface ShardLayout {
  /** Trainable parameters, all variables together. */
  parameters: number;
  /** Floats of one example's one-hot question. */
  inputRow: number;
  /** Floats of one example's one-hot answer. */
  targetRow: number;
  /** Predicted token ids of one example. */
  answerLength: number;
}

const FLOAT = Float32Array.BYTES_PER_ELEMENT;

/** The shard layout of a model's description. */
export function shardLayoutOf(description: EncoderDecoderDescription): ShardLayout {
  return {
    parameters: description.parameterCount,
    inputRow: description.questionLength * description.inputSize,
    targetRow: description.answerLength * description.outputSize,
    answerLength: description.answerLength,
  };
}

/** Shared buffers for a shard of up to `capacity` examples. */
export function allocateShardBuffers(layout: ShardLayout, capacity: number): ShardBuffers {
  return {
    capacity,
    weights: new SharedArrayBuffer(layout.parameters * FLOAT),
    // The shard's mean loss travels in the slot after the gradients.
    gradients: new SharedArrayBuffer((layout.parameters + 1) * FLOAT),
    inputs: new SharedArrayBuffer(capacity * layout.inputRow * FLOAT),
    targets: new SharedArrayBuffer(capacity * layout.targetRow * FLOAT),
    predicted: new SharedArrayBuffer(capacity * layout.answerLength * Int32Array.BYTES_PER_ELEMENT),
  };
}

/**
 * Buffers for a shard of `size` examples: `current` when it is big enough, otherwise new ones
 * (the caller hands them to the worker). They grow to the size asked for, never shrink.
 */
export function shardBuffersFor(current: ShardBuffers, layout: ShardLayout, size: number): ShardBuffers {
  return current.capacity >= size ? current : allocateShardBuffers(layout, size);
}

/** Copies one step's weights (undefined where the worker takes them from a shared memory) and the shard's rows `[start, start + size)` into `buffers`. */
export function writeShard(
  buffers: ShardBuffers,
  layout: ShardLayout,
  weights: Float32Array | undefined,
  inputs: Float32Array,
  targets: Float32Array,
  start: number,
  size: number,
): void {
  if (weights !== undefined) new Float32Array(buffers.weights).set(weights);
  new Float32Array(buffers.inputs).set(inputs.subarray(start * layout.inputRow, (start + size) * layout.inputRow));
  new Float32Array(buffers.targets).set(targets.subarray(start * layout.targetRow, (start + size) * layout.targetRow));
}
