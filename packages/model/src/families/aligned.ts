// The aligned family: one LSTM fed one column of digits per step, least significant first,
// writing one answer digit per step: it adds numbers of any length. With `-` among its
// operators it reads the columns twice (the signed layout): a first pass writes the sign, a
// second, given that sign, writes the digits. With `*` each step is one answer column's bag of
// digit pairs (the product layout).
import {
  ALIGNED_INPUT_SIZE,
  ALIGNED_MAX_DIGITS,
  ALIGNED_OUTPUT_SIZE,
  alignedExampleLayout,
  InvalidOptionError,
  PRODUCT_INPUT_SIZE,
  PRODUCT_MAX_DIGITS,
  PRODUCT_OUTPUT_SIZE,
  productExampleLayout,
  SIGNED_FEEDBACK_INPUT_SIZE,
  SIGNED_INPUT_SIZE,
  SIGNED_OUTPUT_SIZE,
  signedExampleLayout,
  signedFeedbackExampleLayout,
  type Codec,
  type ExampleLayout,
} from '@addrnn/codec';
import { alignedArchitectureProblems, checkAlignedOptions, createAlignedLayers } from '../aligned/aligned-model.js';
import { AlignedPredictor } from '../aligned/aligned-predictor.js';
import { createAlignedKernelTrainStep } from '../aligned/aligned-train-step.js';
import { loadKernelModule } from '../kernel/kernel-module.js';
import { createLayersTrainStep, describeStep } from '../layers-train-step.js';
import { checkHiddenSize } from '../check-limits.js';
import { tryKernelStep } from './kernel-fallback.js';
import type { ModelFamilyDefinition } from './model-family.js';

/** Whether `codec` multiplies: its one operator is `*` (the aligned family does not mix `*` with others). */
function multiplies(codec: Codec): boolean {
  return codec.operators.includes('*');
}

/**
 * The adder's one-pass layout for a codec that only adds (today's models, unchanged); the
 * multiplier's bags of digit pairs for one that multiplies; the signed two passes with feedback
 * otherwise. (Models of the signed layout without feedback, 24 values per column, still load
 * and predict: the predictor reads the layout off the weights.)
 * @throws InvalidOptionError for `*` beside another operator
 */
function layoutOf(codec: Codec): { layout: ExampleLayout; inputSize: number; outputSize: number } {
  if (multiplies(codec)) {
    if (codec.operators.length > 1) {
      throw new InvalidOptionError(`the aligned family multiplies alone: its operators are ["+"], ["+","-"] or ["*"], got ${JSON.stringify(codec.operators)}`);
    }
    return { layout: productExampleLayout, inputSize: PRODUCT_INPUT_SIZE, outputSize: PRODUCT_OUTPUT_SIZE };
  }
  return codec.operators.every((operator) => operator === '+')
    ? { layout: alignedExampleLayout, inputSize: ALIGNED_INPUT_SIZE, outputSize: ALIGNED_OUTPUT_SIZE }
    : { layout: signedFeedbackExampleLayout, inputSize: SIGNED_FEEDBACK_INPUT_SIZE, outputSize: SIGNED_OUTPUT_SIZE };
}

export const alignedFamily: ModelFamilyDefinition = {
  name: 'aligned',
  // What its layouts lay out: the adder's adds, the signed one adds and subtracts, the product one multiplies.
  operators: [...signedExampleLayout.operators, ...productExampleLayout.operators],
  // About 35,000 examples a second in the kernel on one thread; batches vary in length.
  trainsOnThreads: false,
  // Trained on operands of `codec.digits` digits, it answers up to ALIGNED_MAX_DIGITS.
  answersLongerOperands: true,
  minimumDecoderLayers: 0,
  layout: (codec) => layoutOf(codec).layout,
  maxDigits: (codec) => (multiplies(codec) ? PRODUCT_MAX_DIGITS : ALIGNED_MAX_DIGITS),
  resolveOptions(options, codec) {
    layoutOf(codec);
    return checkAlignedOptions(options, codec, checkHiddenSize(options.hiddenSize ?? 32));
  },
  architectureProblems: alignedArchitectureProblems,
  shapes(codec) {
    const { inputSize, outputSize } = layoutOf(codec);
    return { input: [null, null, inputSize], output: [null, null, outputSize] };
  },
  // The first signed models (no feedback, 24 values per column) still load and predict.
  earlierShapes: (codec) => (codec.operators.includes('-') ? [{ input: [null, null, SIGNED_INPUT_SIZE], output: [null, null, SIGNED_OUTPUT_SIZE] }] : []),
  createLayers: (codec: Codec, architecture, seed) =>
    createAlignedLayers(architecture.hiddenSize, seed, { ...layoutOf(codec), ...(architecture.embeddingSize === undefined ? {} : { embeddingSize: architecture.embeddingSize }) }),
  createTrainStep(model, implementation, { optimizer, clipNorm }) {
    if (implementation === 'fused') throw new InvalidOptionError('implementation "fused" computes the encoder-decoder only; an aligned model trains with "kernel" or "layers"');
    let fallbackReason: string | undefined;
    if (implementation === 'kernel') {
      const kernel = tryKernelStep(() => createAlignedKernelTrainStep(model, { optimizer, ...(clipNorm === undefined ? {} : { clipNorm }) }));
      if ('step' in kernel) return kernel.step;
      fallbackReason = kernel.fallbackReason;
    }
    // The kernel's fallback is 'layers': the fused step computes the encoder-decoder only.
    return describeStep(createLayersTrainStep(model, optimizer, clipNorm), 'layers', fallbackReason);
  },
  createPredictor: (model) => new AlignedPredictor(model),
  // The aligned forward pass runs in the kernel, which a browser's main thread compiles only asynchronously.
  prepare: async () => {
    await loadKernelModule().catch(() => undefined);
  },
};
