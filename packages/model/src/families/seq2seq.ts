// The seq2seq family: the Keras addition_rnn encoder-decoder over whole questions of at most
// `codec.digits` digits per operand, for every operator of the codec.
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError, operatorTasks, sequenceLayout, type Codec } from '@addrnn/codec';
import { checkSeed, describeValue } from '@addrnn/codec/internal';
import { CELLS, IMPLEMENTATIONS } from '../architecture.js';
import { createFusedTrainStep } from '../fused/index.js';
import { createKernelTrainStep } from '../kernel-adapter/kernel-train-step.js';
import { createLayersTrainStep, describeStep } from '../layers-train-step.js';
import { checkHiddenSize, checkLayers } from '../check-limits.js';
import type { ModelOptions, ResolvedModelOptions } from '../model-options.js';
import { tryKernelStep } from './kernel-fallback.js';
import type { FamilyPredictor, ModelFamilyDefinition } from './model-family.js';
import { createSeq2seqLayers } from './seq2seq-layers.js';

function resolveOptions(options: ModelOptions, codec: Codec): ResolvedModelOptions {
  const cell = options.cell ?? 'lstm';
  if (!CELLS.includes(cell)) throw new InvalidOptionError(`cell must be one of ${CELLS.join(', ')}, got ${describeValue(cell)}`);
  const hiddenSize = checkHiddenSize(options.hiddenSize ?? 128);
  if (options.embeddingSize !== undefined) {
    throw new InvalidOptionError(`embeddingSize projects the aligned family's input columns; the seq2seq family reads one-hot characters, got embeddingSize ${describeValue(options.embeddingSize)} (leave it unset, or use family "aligned")`);
  }
  const encoderLayers = checkLayers(options.encoderLayers ?? 1, 'encoderLayers');
  const decoderLayers = checkLayers(options.decoderLayers ?? 1, 'decoderLayers');
  const dropout = options.dropout ?? 0;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new InvalidOptionError(`dropout must be a number from 0 (inclusive) to 1 (exclusive), got ${describeValue(dropout)}`);
  }
  const seed = checkSeed(options.seed ?? 1, 'seed');
  const fusable = cell === 'lstm' && encoderLayers === 1 && decoderLayers === 1 && dropout === 0;
  const implementation = options.implementation ?? (fusable ? 'kernel' : 'layers');
  if (!IMPLEMENTATIONS.includes(implementation)) {
    throw new InvalidOptionError(`implementation must be one of ${IMPLEMENTATIONS.map((name) => `"${name}"`).join(', ')}, got ${describeValue(implementation)}`);
  }
  if (implementation !== 'layers' && !fusable) {
    throw new InvalidOptionError(
      `implementation "${implementation}" supports one encoder and one decoder LSTM layer without dropout, got cell ${cell}, ${encoderLayers}+${decoderLayers} layers, dropout ${dropout}; use implementation "layers"`,
    );
  }
  // No `family` field: saved seq2seq models look exactly as they did before families existed.
  return { codec, architecture: { cell, hiddenSize, encoderLayers, decoderLayers, dropout, implementation, recurrentActivation: 'sigmoid' }, seed };
}

/** One model call over the one-hot questions, decoded by the codec. */
function createPredictor(model: tf.LayersModel, codec: Codec): FamilyPredictor {
  const predict = (questions: readonly string[]) => {
    const inputs = codec.oneHotQuestions(questions);
    const probabilities = tf.tidy(() => {
      const input = tf.tensor3d(inputs, [questions.length, codec.questionLength, codec.vocabularySize]);
      return (model.predict(input) as tf.Tensor).dataSync();
    });
    return codec.decodeAnswerBatch(probabilities, questions.length);
  };
  return {
    check: (question) => codec.parseQuestion(question),
    predict,
    answers: (questions) => predict(questions).map((decoded) => decoded.answer),
  };
}

export const seq2seqFamily: ModelFamilyDefinition = {
  name: 'seq2seq',
  // Every operator the codec knows, registered ones included: the encoder-decoder reads any question as characters.
  get operators() {
    return operatorTasks().map(({ symbol }) => symbol);
  },
  // Data-parallel steps pay from a few threads on (threads/choose-threads.ts decides how many).
  trainsOnThreads: true,
  answersLongerOperands: false,
  minimumDecoderLayers: 1,
  layout: (codec: Codec) => sequenceLayout(codec),
  maxDigits: (codec: Codec) => codec.digits,
  resolveOptions,
  architectureProblems: () => [],
  shapes: (codec: Codec) => ({ input: [null, codec.questionLength, codec.vocabularySize], output: [null, codec.answerLength, codec.vocabularySize] }),
  createLayers: createSeq2seqLayers,
  createTrainStep(model, implementation, { optimizer, clipNorm }) {
    const clip = clipNorm === undefined ? {} : { clipNorm };
    let fallbackReason: string | undefined;
    if (implementation === 'kernel') {
      const kernel = tryKernelStep(() => createKernelTrainStep(model, { optimizer, ...clip }));
      if ('step' in kernel) return kernel.step;
      fallbackReason = kernel.fallbackReason;
    }
    if (implementation === 'layers') return describeStep(createLayersTrainStep(model, optimizer, clipNorm), 'layers');
    // The kernel's fallback is 'fused': the same loss in large tfjs operations.
    return describeStep(createFusedTrainStep(model, { optimizer, ...clip }), 'fused', fallbackReason);
  },
  createPredictor,
  prepare: async () => {},
};
