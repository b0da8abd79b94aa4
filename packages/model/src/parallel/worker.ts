// The gradient worker of createParallelTrainStep: a thread with its own TensorFlow.js engine and
// backend that computes the fused gradients of its shard of every batch. It talks to the main
// thread through shared memory only (Atomics.wait, no event loop), so each step costs no message.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { installFastKernels } from '../fused/fast-kernels.js';
import type { FusedModelSpec, LstmWeights } from '../fused/model-spec.js';
import { computeChunkedGradients } from '../fused/train-step.js';
import { CONTROL_SLOTS, ERROR_BYTES, Slot, STOP, type ShardBuffers, type VariableRole, type WorkerData } from './protocol.js';

const data = workerData as WorkerData;
const control = new Int32Array(data.control);
if (control.length !== CONTROL_SLOTS) throw new Error(`control has ${control.length} slots, expected ${CONTROL_SLOTS}`);

function fail(error: unknown): void {
  const text = new TextEncoder().encode(String(error instanceof Error ? (error.stack ?? error.message) : error)).slice(0, ERROR_BYTES - 1);
  const target = new Uint8Array(data.errorText);
  target.fill(0);
  target.set(text);
  Atomics.store(control, Slot.status, 1);
  Atomics.store(control, Slot.ready, 1);
  Atomics.notify(control, Slot.ready);
  Atomics.store(control, Slot.done, Atomics.load(control, Slot.request));
  Atomics.notify(control, Slot.done);
}

async function start(): Promise<void> {
  if (data.backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
  }
  if (!(await tf.setBackend(data.backend))) throw new Error(`the ${data.backend} backend failed to start in the gradient worker`);
  await tf.ready();
  if (data.backend === 'wasm') installFastKernels();

  const { shape } = data;
  const variables = shape.variables.map(({ shape: variableShape }) => tf.variable(tf.zeros(variableShape), true));
  const byRole = new Map<VariableRole, tf.Variable>(shape.variables.map(({ role }, i) => [role, variables[i]!]));
  const lstm = (prefix: 'encoder' | 'decoder'): LstmWeights => ({
    kernel: byRole.get(`${prefix}.kernel`)!,
    recurrentKernel: byRole.get(`${prefix}.recurrentKernel`)!,
    bias: byRole.get(`${prefix}.bias`)!,
    units: shape[prefix].units,
    gateActivation: shape[prefix].gateActivation,
  });
  const spec: FusedModelSpec = {
    encoder: lstm('encoder'),
    decoder: lstm('decoder'),
    dense: { kernel: byRole.get('dense.kernel')!, bias: byRole.get('dense.bias')! },
    questionLength: shape.questionLength,
    vocabularySize: shape.vocabularySize,
    answerLength: shape.answerLength,
    outputSize: shape.outputSize,
    trainable: variables,
  };
  const sizes = variables.map((variable) => variable.size);

  let buffers: ShardBuffers = data.buffers;
  let generation = 0;
  Atomics.store(control, Slot.ready, 1);
  Atomics.notify(control, Slot.ready);

  // The main thread's request counter starts at 0; a STOP may arrive before this loop waits.
  let last = 0;
  for (;;) {
    const request = Atomics.load(control, Slot.request);
    if (request === STOP) return;
    if (request === last) {
      Atomics.wait(control, Slot.request, last);
      continue;
    }
    last = request;
    try {
      const wanted = Atomics.load(control, Slot.generation);
      while (generation !== wanted) {
        const message = receiveMessageOnPort(data.port);
        if (message === undefined) throw new Error(`buffers of generation ${wanted} were announced but not sent`);
        buffers = (message.message as { buffers: ShardBuffers }).buffers;
        generation += 1;
      }
      const shard = Atomics.load(control, Slot.shard);
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
    } catch (error) {
      fail(error);
      return;
    }
    Atomics.store(control, Slot.done, request);
    Atomics.notify(control, Slot.done);
  }
}

start().then(
  () => process.exit(0),
  (error: unknown) => fail(error),
);
