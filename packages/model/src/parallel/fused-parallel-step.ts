// The fused step over threads: this thread computes the first shard with tfjs operations while
// the workers (each with its own tfjs engine) compute theirs; the gradients are averaged
// weighted by shard size and this thread's optimizer applies them.
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { clipByGlobalNorm, computeChunkedGradients } from '../fused/gradients.js';
import { variablesByRole, type FusedModelSpec } from '../fused/model-spec.js';
import type { EncoderDecoderDescription } from '../kernel/model-description.js';
import { shardsOf, type ShardWorker } from '../kernel/kernel-parallel-step.js';
import type { TrainStepResult } from '../train-step-types.js';
import { shardBuffersFor, writeShard, type ShardLayout } from './shared-buffers.js';

export interface FusedParallelContext {
  spec: FusedModelSpec;
  description: EncoderDecoderDescription;
  optimizer: tf.Optimizer;
  clipNorm?: number;
  workers: readonly ShardWorker[];
  layout: ShardLayout;
  microBatchSize: number;
  timeoutMs: number;
}

// A type alias, not an interface: tf.tidy needs an index-signature-compatible container.
type Gradients = { loss: tf.Scalar; predicted: tf.Tensor2D; grads: tf.NamedTensorMap };

/** The fused step split over this thread and `workers`; the shared buffers hold the parameters in the description's order. */
export function createFusedParallelStep(context: FusedParallelContext): (inputs: tf.Tensor3D, targets: tf.Tensor3D) => TrainStepResult {
  const { spec, description, optimizer, clipNorm, workers, layout, microBatchSize, timeoutMs } = context;
  const byRole = variablesByRole(spec);
  const { parameters } = description;
  return (inputs, targets) => {
    const batch = inputs.shape[0];
    const wantedInputs = [batch, spec.questionLength, spec.vocabularySize];
    const wantedTargets = [batch, spec.answerLength, spec.outputSize];
    // Checked here, before any worker starts on a shard it would fail on.
    if (inputs.shape.join() !== wantedInputs.join() || targets.shape.join() !== wantedTargets.join()) {
      throw new InvalidOptionError(
        `a training batch needs inputs [${wantedInputs.join(', ')}] and targets [${wantedTargets.join(', ')}], got [${inputs.shape.join(', ')}] and [${targets.shape.join(', ')}]`,
      );
    }
    const shards = shardsOf(batch, workers.length + 1);
    const working = workers.slice(0, shards.length - 1);

    // Hand out the other shards first, so the workers run while this thread computes its own.
    if (working.length > 0) {
      const inputValues = inputs.dataSync() as Float32Array;
      const targetValues = targets.dataSync() as Float32Array;
      const weights = new Float32Array(layout.parameters);
      byRole.forEach((variable, i) => weights.set(variable.dataSync() as Float32Array, parameters[i]!.offset));
      working.forEach((worker, k) => {
        const [start, size] = shards[k + 1]!;
        const buffers = shardBuffersFor(worker.buffers, layout, size);
        if (buffers !== worker.buffers) worker.replaceBuffers(buffers);
        writeShard(buffers, layout, weights, inputValues, targetValues, start, size);
        worker.request(size);
      });
    }

    const [, ownSize] = shards[0]!;
    const { loss, predicted, grads } = tf.tidy((): Gradients => {
      const ownInputs = working.length > 0 ? tf.slice(inputs, 0, ownSize) : inputs;
      const ownTargets = working.length > 0 ? tf.slice(targets, 0, ownSize) : targets;
      const own = computeChunkedGradients(spec, ownInputs, ownTargets, microBatchSize);
      if (working.length === 0) return { loss: own.loss, predicted: own.predicted, grads: own.grads };
      for (const worker of working) worker.finish(timeoutMs);
      // Each shard's loss is its own mean: the batch's is their average weighted by shard size.
      const weightOf = (k: number) => shards[k]![1] / batch;
      const predictions: tf.Tensor2D[] = [own.predicted];
      let lossSum = tf.mul(own.loss, weightOf(0));
      // Keyed in the trainable order: the optimizer keys its slots by position.
      const summed: tf.NamedTensorMap = {};
      for (const variable of spec.trainable) summed[variable.name] = tf.mul(own.grads[variable.name]!, weightOf(0));
      working.forEach((worker, k) => {
        const size = shards[k + 1]![1];
        const gradients = new Float32Array(worker.buffers.gradients);
        byRole.forEach((variable, i) => {
          const { offset, size: count } = parameters[i]!;
          const part = tf.tensor(gradients.slice(offset, offset + count), variable.shape);
          summed[variable.name] = tf.add(summed[variable.name]!, tf.mul(part, weightOf(k + 1)));
        });
        lossSum = tf.add(lossSum, tf.mul(gradients[layout.parameters]!, weightOf(k + 1)));
        predictions.push(tf.tensor2d(new Int32Array(worker.buffers.predicted, 0, size * spec.answerLength).slice(), [size, spec.answerLength], 'int32'));
      });
      return { loss: lossSum as tf.Scalar, predicted: tf.concat(predictions, 0) as tf.Tensor2D, grads: summed };
    });
    const applied = tf.tidy((): tf.NamedTensorMap => (clipNorm === undefined ? grads : clipByGlobalNorm(grads, clipNorm)));
    optimizer.applyGradients(Object.entries(applied).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose([grads, applied]);
    return { loss, predicted };
  };
}
