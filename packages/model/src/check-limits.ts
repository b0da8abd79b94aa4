import { InvalidOptionError } from '@addrnn/codec';
import { describeValue } from '@addrnn/codec/internal';
import { MAX_EMBEDDING_SIZE, MAX_HIDDEN_SIZE, MAX_LAYERS } from './limits.js';

/** Whether `value` is an integer from `minimum` to `maximum`. */
export function isIntegerIn(value: unknown, minimum: number, maximum: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= maximum;
}

/** Returns `value` when it is an integer from `minimum` to `maximum`; else throws InvalidOptionError naming `name`. */
export function checkIntegerOption(name: string, value: unknown, minimum: number, maximum: number): number {
  if (!isIntegerIn(value, minimum, maximum)) {
    throw new InvalidOptionError(`${name} must be an integer from ${minimum} to ${maximum}, got ${describeValue(value)}`);
  }
  return value;
}

/** `hiddenSize`: an integer from 1 to MAX_HIDDEN_SIZE. */
export function checkHiddenSize(value: unknown, name = 'hiddenSize'): number {
  return checkIntegerOption(name, value, 1, MAX_HIDDEN_SIZE);
}

/** `embeddingSize`: an integer from 1 to MAX_EMBEDDING_SIZE. */
export function checkEmbeddingSize(value: unknown, name = 'embeddingSize'): number {
  return checkIntegerOption(name, value, 1, MAX_EMBEDDING_SIZE);
}

/** `encoderLayers` or `decoderLayers`: an integer from 1 to MAX_LAYERS. */
export function checkLayers(value: unknown, name: 'encoderLayers' | 'decoderLayers'): number {
  return checkIntegerOption(name, value, 1, MAX_LAYERS);
}

/**
 * `clipNorm`, the global norm gradients are clipped to: a finite number > 0. Every training
 * step (layers, fused, kernel, parallel) and the trainer's options check it here.
 */
export function checkClipNorm(value: unknown, name = 'clipNorm'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(`${name} must be a finite number > 0, got ${describeValue(value)}`);
  }
  return value;
}
