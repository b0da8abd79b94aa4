// The tfjs edge of the training kernel, part one: a tfjs-layers model described once as the
// kernel's one model description, with its variables in the description's parameter order.
import type * as tf from '@tensorflow/tfjs';
import { alignedInputSize, alignedVariables } from '../aligned/aligned-model.js';
import { passesOf } from '../aligned/column-layouts.js';
import { readFusedModelSpec, variablesByRole, type FusedModelSpec, type SpecReader } from '../fused/model-spec.js';
import { KernelUnsupportedError } from '../kernel/kernel-errors.js';
import { describeAligned, describeEncoderDecoder, type EncoderDecoderDescription, type KernelModelDescription } from '../kernel/model-description.js';

/** A model as the kernel sees it. */
export interface DescribedModel {
  description: KernelModelDescription;
  /** The model's variables in the description's parameter order. */
  variables: tf.Variable[];
  /** The model's trainable variables in `model.trainableWeights` order (the optimizer keys its slots by position). */
  trainable: tf.Variable[];
}

const KERNEL_READER: SpecReader = { name: 'the kernel', unsupported: (reason) => new KernelUnsupportedError(reason) };

// tfjs-layers keeps these on the layer objects without exporting their types.
interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
}

/** The encoder-decoder's description from the fused step's view of it. */
export function describeSpec(spec: FusedModelSpec): EncoderDecoderDescription {
  return describeEncoderDecoder({
    questionLength: spec.questionLength,
    vocabularySize: spec.vocabularySize,
    answerLength: spec.answerLength,
    outputSize: spec.outputSize,
    encoderUnits: spec.encoder.units,
    decoderUnits: spec.decoder.units,
  });
}

function trainableOf(model: tf.LayersModel): tf.Variable[] {
  return (model.trainableWeights as unknown as { read(): tf.Tensor }[]).map((w) => w.read() as tf.Variable);
}

/** An activation's name from a layer's config: a string, or a serialized `{ className }`. */
function activationName(config: unknown): unknown {
  return typeof config === 'object' && config !== null && 'className' in config ? (config as { className: unknown }).className : config;
}

/** An aligned model ([Dense embedding ->] LSTM over columns -> TimeDistributed(Dense)), or undefined for another layer chain. */
function describeAlignedModel(model: tf.LayersModel): DescribedModel | undefined {
  let layers = (model.layers as unknown as LayerLike[]).filter((layer) => layer.getClassName() !== 'InputLayer');
  const chain = layers.map((layer) => layer.getClassName()).join(' -> ');
  if (chain === 'Dense -> LSTM -> TimeDistributed') {
    const config = layers[0]!.getConfig();
    const activation = activationName(config['activation']);
    if (config['useBias'] !== false || (activation !== 'linear' && activation !== undefined)) {
      throw new KernelUnsupportedError('its embedding has a bias or an activation (the kernel computes a linear embedding without bias)');
    }
    layers = layers.slice(1);
  } else if (chain !== 'LSTM -> TimeDistributed') return undefined;
  const variables = alignedVariables(model);
  if (variables === undefined) throw new KernelUnsupportedError('it is not an aligned model of one LSTM and a Dense output');
  const gate = activationName(layers[0]!.getConfig()['recurrentActivation']);
  if (gate !== 'sigmoid') throw new KernelUnsupportedError(`its LSTM has ${String(gate)} gates (the kernel computes sigmoid gates)`);
  const [kernel, recurrent, , dense] = variables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const inputSize = alignedInputSize(variables);
  const embedding = variables.length === 6 ? { embedding: kernel.shape[0]! } : {};
  const description = describeAligned({ inputSize, units: recurrent.shape[0]!, outputSize: dense.shape[1]!, passes: passesOf(inputSize), ...embedding });
  return { description, variables, trainable: trainableOf(model) };
}

/**
 * The kernel's description of `model`, or KernelUnsupportedError naming the difference: the
 * kernel computes LSTM (sigmoid gates) -> RepeatVector -> LSTM -> TimeDistributed(Dense softmax),
 * and the aligned LSTM -> TimeDistributed(Dense softmax).
 */
export function describeKernelModel(model: tf.LayersModel): DescribedModel {
  const aligned = describeAlignedModel(model);
  if (aligned) return aligned;
  const spec = readFusedModelSpec(model, KERNEL_READER);
  for (const [role, lstm] of [['encoder', spec.encoder], ['decoder', spec.decoder]] as const) {
    if (lstm.gateActivation !== 'sigmoid') throw new KernelUnsupportedError(`the ${role} LSTM has ${lstm.gateActivation} gates (the kernel computes sigmoid gates)`);
  }
  return { description: describeSpec(spec), variables: variablesByRole(spec), trainable: spec.trainable };
}
