// What a gradient worker computes: the fused tfjs gradients of its shard. The worker loop
// (node-worker.ts, browser-worker.ts) only knows the ShardComputation signature, so another
// engine (the WebAssembly kernel) can take this one's place without touching the hand-off.
import * as tf from '@tensorflow/tfjs';
import type { FusedModelSpec, LstmWeights } from '../fused/model-spec.js';
import { computeChunkedGradients } from '../fused/gradients.js';
import { Mode, type ShardComputation, type WorkerData } from './protocol.js';

/** Starts this thread's backend and builds the model's variables; resolves with the shard computation. */
export async function startFusedShardGradients(data: Pick<WorkerData, 'backend' | 'description' | 'gates' | 'microBatchSize'>): Promise<ShardComputation> {
  if (data.backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
  }
  if (!(await tf.setBackend(data.backend))) throw new Error(`the ${data.backend} backend failed to start in the gradient worker`);
  await tf.ready();

  const { description, gates } = data;
  // In the description's parameter order, as the shared buffers hold them.
  const variables = description.parameters.map(({ shape }) => tf.variable(tf.zeros(shape), true));
  const byRole = new Map<string, tf.Variable>(description.parameters.map(({ name }, i) => [name, variables[i]!]));
  const lstm = (prefix: 'encoder' | 'decoder'): LstmWeights => ({
    kernel: byRole.get(`${prefix}.kernel`)!,
    recurrentKernel: byRole.get(`${prefix}.recurrentKernel`)!,
    bias: byRole.get(`${prefix}.bias`)!,
    units: prefix === 'encoder' ? description.encoderUnits : description.decoderUnits,
    gateActivation: gates[prefix],
  });
  const spec: FusedModelSpec = {
    encoder: lstm('encoder'),
    decoder: lstm('decoder'),
    dense: { kernel: byRole.get('dense.kernel')!, bias: byRole.get('dense.bias')! },
    questionLength: description.questionLength,
    vocabularySize: description.inputSize,
    answerLength: description.answerLength,
    outputSize: description.outputSize,
    trainable: variables,
  };
  const sizes = variables.map((variable) => variable.size);

  return (buffers, shard, mode) => {
    // Validation on threads is the kernel's; the fused step validates on the main thread.
    if (mode !== Mode.gradients) throw new Error(`the fused gradient worker computes gradients only, got mode ${mode}`);
    const weights = new Float32Array(buffers.weights);
    const gradients = new Float32Array(buffers.gradients);
    tf.tidy(() => {
      let offset = 0;
      variables.forEach((variable, i) => {
        variable.assign(tf.tensor(weights.subarray(offset, offset + sizes[i]!), variable.shape));
        offset += sizes[i]!;
      });
      const inputs = tf.tensor3d(new Float32Array(buffers.inputs, 0, shard * spec.questionLength * spec.vocabularySize), [shard, spec.questionLength, spec.vocabularySize]);
      const targets = tf.tensor3d(new Float32Array(buffers.targets, 0, shard * spec.answerLength * spec.outputSize), [shard, spec.answerLength, spec.outputSize]);
      const result = computeChunkedGradients(spec, inputs, targets, data.microBatchSize);
      offset = 0;
      variables.forEach((variable, i) => {
        gradients.set(result.grads[variable.name]!.dataSync() as Float32Array, offset);
        offset += sizes[i]!;
      });
      gradients[offset] = result.loss.dataSync()[0]!;
      new Int32Array(buffers.predicted, 0, shard * spec.answerLength).set(result.predicted.dataSync() as Int32Array);
    });
  };
}
