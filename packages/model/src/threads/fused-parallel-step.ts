// The fused step over threads: this thread computes the first shard with tfjs operations while
// the workers (each with its own tfjs engine) compute theirs; the gradients are averaged
// weighted by shard size and this thread's optimizer applies them.
import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError } from '@addrnn/codec';
import { clipByGlobalNorm, computeChunkedGradients } from '../fused/gradients.js';
import { variablesByRole, type FusedModelSpec } from '../fused/model-spec.js';
import type { EncoderDecoderDescription } from '../kernel/model-description.js';
import type { TrainStepResult } from '../train-step-types.js';
import type { ShardLayout } from './shared-buffers.js';
import { finishShards, handOutShards, shardResults, shardsOf, type ShardWorker } from './shards.js';

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
    let working: readonly ShardWorker[] = [];
    // Hand out the other shards first, so the workers run while this thread computes its own.
    if (shards.length > 1) {
      const weights = new Float32Array(layout.parameters);
      byRole.forEach((variable, i) => weights.set(variable.dataSync() as Float32Array, parameters[i]!.offset));
      working = handOutShards(workers, layout, shards, { weights, inputs: inputs.dataSync() as Float32Array, targets: targets.dataSync() as Float32Array });
    }

    const [, ownSize] = shards[0]!;
    const { loss, predicted, grads } = tf.tidy((): Gradients => {
      const ownInputs = working.length > 0 ? tf.slice(inputs, 0, ownSize) : inputs;
      const ownTargets = working.length > 0 ? tf.slice(targets, 0, ownSize) : targets;
      const own = computeChunkedGradients(spec, ownInputs, ownTargets, microBatchSize);
      if (working.length === 0) return { loss: own.loss, predicted: own.predicted, grads: own.grads };
      finishShards(working, timeoutMs);
      // Each shard's loss is its own mean: the batch's is their average weighted by shard size.
      const weightOf = (k: number) => shards[k]![1] / batch;
      const predictions: tf.Tensor2D[] = [own.predicted];
      let lossSum = tf.mul(own.loss, weightOf(0));
      // Keyed in the trainable order: the optimizer keys its slots by position.
      const summed: tf.NamedTensorMap = {};
      for (const variable of spec.trainable) summed[variable.name] = tf.mul(own.grads[variable.name]!, weightOf(0));
      shardResults(working, layout, shards).forEach((shard, k) => {
        byRole.forEach((variable, i) => {
          const { offset, size } = parameters[i]!;
          const part = tf.tensor(shard.gradients.slice(offset, offset + size), variable.shape);
          summed[variable.name] = tf.add(summed[variable.name]!, tf.mul(part, weightOf(k + 1)));
        });
        lossSum = tf.add(lossSum, tf.mul(shard.loss, weightOf(k + 1)));
        predictions.push(tf.tensor2d(shard.predicted.slice(), [shard.size, spec.answerLength], 'int32'));
      });
      return { loss: lossSum as tf.Scalar, predicted: tf.concat(predictions, 0) as tf.Tensor2D, grads: summed };
    });
    const applied = tf.tidy((): tf.NamedTensorMap => (clipNorm === undefined ? grads : clipByGlobalNorm(grads, clipNorm)));
    optimizer.applyGradients(Object.entries(applied).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose([grads, applied]);
    return { loss, predicted };
  };
}
