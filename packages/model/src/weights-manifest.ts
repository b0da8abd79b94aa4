import type * as tf from '@tensorflow/tfjs';
import { describeValue } from '@addrnn/codec/internal';
import { CorruptModelError } from './errors.js';

// Bytes per element of each weight dtype, and of each quantised storage dtype.
const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };
const BYTES_PER_QUANTISED: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

/**
 * A weights path from `model.json` as a file name inside the model directory: a plain name,
 * no separator (`/`, `\\`), no `.` or `..`, nothing absolute or drive-relative (`:`), no NUL.
 * A downloaded model must not make the loader read files elsewhere.
 */
function checkWeightsFileName(value: unknown, where: string, modelPath: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..' || /[/\\:\0]/.test(value)) {
    throw new CorruptModelError(
      `${modelPath} names weights file ${describeValue(value)} at ${where}; a weights path must be a plain file name inside the model directory (no "/", "\\", ":", "." or "..")`,
    );
  }
  return value;
}

/** Bytes that one weight occupies in the weights files, from its shape and dtype. */
function byteLengthOf(spec: unknown, where: string, modelPath: string): number {
  const { shape, dtype, quantization } = (typeof spec === 'object' && spec !== null ? spec : {}) as Partial<tf.io.WeightsManifestEntry>;
  if (!Array.isArray(shape) || !shape.every((size) => Number.isSafeInteger(size) && size >= 0)) {
    throw new CorruptModelError(`${modelPath} has ${where}.shape ${describeValue(shape)}; a shape is an array of non-negative integers`);
  }
  const bytes = quantization === undefined ? BYTES_PER_ELEMENT[String(dtype)] : BYTES_PER_QUANTISED[String(quantization?.dtype)];
  if (bytes === undefined) {
    throw new CorruptModelError(
      quantization === undefined
        ? `${modelPath} has ${where}.dtype ${describeValue(dtype)}; weights must be float32, int32 or bool`
        : `${modelPath} has ${where}.quantization.dtype ${describeValue(quantization?.dtype)}; quantised weights must be uint8, uint16 or float16`,
    );
  }
  const length = shape.reduce((product: number, size: number) => product * size, bytes);
  if (!Number.isSafeInteger(length)) throw new CorruptModelError(`${modelPath} has ${where}.shape ${describeValue(shape)}, too large to load`);
  return length;
}

/** One group of `weightsManifest`: its files, its weights and the bytes the files must hold. */
export interface WeightsGroup {
  files: string[];
  specs: tf.io.WeightsManifestEntry[];
  bytes: number;
}

/** Checks `weightsManifest` and works out how many bytes each group's files must hold. */
export function readManifest(json: Record<string, unknown>, modelPath: string): WeightsGroup[] {
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) throw new CorruptModelError(`${modelPath} is not a tfjs layers model: weightsManifest is not an array`);
  return manifest.map((group: unknown, groupIndex) => {
    const where = `weightsManifest[${groupIndex}]`;
    const { paths, weights } = (typeof group === 'object' && group !== null ? group : {}) as Record<string, unknown>;
    if (!Array.isArray(paths) || !Array.isArray(weights)) {
      throw new CorruptModelError(`${modelPath} has a ${where} without paths and weights arrays`);
    }
    const files = paths.map((file: unknown, index) => checkWeightsFileName(file, `${where}.paths[${index}]`, modelPath));
    const bytes = weights.reduce((total: number, spec: unknown, index) => total + byteLengthOf(spec, `${where}.weights[${index}]`, modelPath), 0);
    weights.forEach((spec: unknown, index) => {
      if (typeof (spec as { name?: unknown }).name !== 'string') {
        throw new CorruptModelError(`${modelPath} has ${where}.weights[${index}].name ${describeValue((spec as { name?: unknown }).name)}; a weight name is a string`);
      }
    });
    if (files.length === 0 && bytes > 0) throw new CorruptModelError(`${modelPath} has ${where} with ${bytes} bytes of weights but no paths`);
    return { files, specs: weights as tf.io.WeightsManifestEntry[], bytes };
  });
}
