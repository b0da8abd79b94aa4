// The tfjs edge of the training kernel, part two: a tfjs model's variables and an Adam
// optimizer's state read into a kernel host, and written back out when something needs them.
import * as tf from '@tensorflow/tfjs';
import type { AdamSettings, KernelHost } from '../kernel/kernel-host.js';
import type { DescribedModel } from './describe-model.js';

// tfjs keeps these on AdamOptimizer without exporting their types.
interface OptimizerVariable {
  originalName: string;
  variable: tf.Variable;
}
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number | null;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: (OptimizerVariable | undefined)[];
  accumulatedSecondMoment: (OptimizerVariable | undefined)[];
  iterations: number;
  iterations_: number;
}

type DataId = unknown;
const dataIdOf = (tensor: tf.Tensor): DataId => (tensor as unknown as { dataId: DataId }).dataId;

/**
 * tfjs's Adam, by its registered class name: tfjs optimizers answer `instanceof` by duck typing,
 * so an SGD optimizer is an `instanceof tf.AdamOptimizer`.
 */
function adamOf(optimizer: tf.Optimizer): AdamInternals | undefined {
  return (optimizer.constructor as { className?: string }).className === 'Adam' ? (optimizer as unknown as AdamInternals) : undefined;
}

/** Adam's settings as the optimizer holds them (tfjs's defaults for another optimizer, whose update stays in tfjs). */
export function adamSettingsOf(optimizer: tf.Optimizer): AdamSettings {
  const adam = adamOf(optimizer);
  return { beta1: adam?.beta1 ?? 0.9, beta2: adam?.beta2 ?? 0.999, epsilon: adam?.epsilon ?? tf.backend().epsilon() };
}

/**
 * Keeps a model's variables, and Adam's moments and counters where the optimizer is tfjs's
 * Adam, mirrored in a kernel host. `readChanged` reads what changed on the tfjs side since the
 * mirror last read or wrote it (a resume restoring weights or Adam's state); `writeOut` hands
 * the host's values to the variables and the optimizer, so that `model.predict`, `getWeights`,
 * saving and the optimizer's `getWeights` see them.
 */
export class TfjsMirror {
  readonly #model: DescribedModel;
  readonly #optimizer: tf.Optimizer;
  readonly #adam: AdamInternals | undefined;
  readonly #host: KernelHost;
  readonly #trainableIndex: number[];
  #weightIds: DataId[] = [];
  #firstIds: DataId[] = [];
  #secondIds: DataId[] = [];
  #counterIds: DataId[] = [];

  constructor(model: DescribedModel, optimizer: tf.Optimizer, host: KernelHost) {
    this.#model = model;
    this.#optimizer = optimizer;
    this.#adam = adamOf(optimizer);
    this.#host = host;
    this.#trainableIndex = model.trainable.map((variable) => model.variables.indexOf(variable));
    this.readChanged();
  }

  /** Whether the optimizer is tfjs's Adam, whose update the host computes. */
  get adam(): boolean {
    return this.#adam !== undefined;
  }

  /** The optimizer's learning rate now (the trainer's schedule sets it between steps). */
  get learningRate(): number {
    return this.#adam?.learningRate ?? Number.NaN;
  }

  #offset(index: number): number {
    return this.#host.description.parameters[index]!.offset;
  }

  /** Copies into the host what changed on the tfjs side since the mirror last read or wrote it. */
  readChanged(): void {
    const weights = this.#host.weights();
    this.#model.variables.forEach((variable, r) => {
      if (this.#weightIds[r] === dataIdOf(variable)) return;
      weights.set(variable.dataSync() as Float32Array, this.#offset(r));
      this.#weightIds[r] = dataIdOf(variable);
    });
    const adam = this.#adam;
    if (!adam) return;
    // The optimizer's slots are per position in the order gradients are applied: the model's trainable order.
    this.#model.trainable.forEach((variable, t) => {
      const r = this.#trainableIndex[t]!;
      for (const [slot, ids, mirror] of [
        [adam.accumulatedFirstMoment[t], this.#firstIds, this.#host.firstMoments()],
        [adam.accumulatedSecondMoment[t], this.#secondIds, this.#host.secondMoments()],
      ] as const) {
        const id = slot ? dataIdOf(slot.variable) : undefined;
        if (ids[r] === id && id !== undefined) continue;
        // No slot yet: a fresh optimizer, whose moments are zero.
        if (slot) mirror.set(slot.variable.dataSync() as Float32Array, this.#offset(r));
        else mirror.fill(0, this.#offset(r), this.#offset(r) + variable.size);
        ids[r] = id;
      }
    });
    const counters = this.#host.counters;
    counters.iterations = adam.iterations;
    if (this.#counterIds[0] !== dataIdOf(adam.accBeta1) || this.#counterIds[1] !== dataIdOf(adam.accBeta2)) {
      counters.accBeta1 = adam.accBeta1.dataSync()[0]!;
      counters.accBeta2 = adam.accBeta2.dataSync()[0]!;
      this.#counterIds = [dataIdOf(adam.accBeta1), dataIdOf(adam.accBeta2)];
    }
  }

  /** Hands the host's weights, and with Adam its moments and counters, to the model and the optimizer. */
  writeOut(): void {
    const weights = this.#host.weights();
    this.#model.variables.forEach((variable, r) => {
      this.#weightIds[r] = assignFrom(variable, weights, this.#offset(r));
    });
    const adam = this.#adam;
    if (!adam) return;
    const first = this.#host.firstMoments();
    const second = this.#host.secondMoments();
    this.#model.trainable.forEach((variable, t) => {
      const r = this.#trainableIndex[t]!;
      for (const [slots, ids, mirror, suffix] of [
        [adam.accumulatedFirstMoment, this.#firstIds, first, 'm'],
        [adam.accumulatedSecondMoment, this.#secondIds, second, 'v'],
      ] as const) {
        slots[t] ??= { originalName: `${variable.name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(variable).variable(false)) };
        ids[r] = assignFrom(slots[t].variable, mirror, this.#offset(r));
      }
    });
    const counters = this.#host.counters;
    assignScalar(adam.accBeta1, counters.accBeta1);
    assignScalar(adam.accBeta2, counters.accBeta2);
    this.#counterIds = [dataIdOf(adam.accBeta1), dataIdOf(adam.accBeta2)];
    adam.iterations_ = counters.iterations;
  }

  /** Lets an optimizer other than Adam apply the host's gradients to the variables (read again before the next step). */
  applyThroughOptimizer(): void {
    const gradients = this.#host.gradients();
    const named = this.#model.trainable.map((variable, t) => {
      const start = this.#offset(this.#trainableIndex[t]!);
      return { name: variable.name, tensor: tf.tensor(gradients.slice(start, start + variable.size), variable.shape) };
    });
    this.#optimizer.applyGradients(named);
    tf.dispose(named.map((entry) => entry.tensor));
  }
}

/**
 * variable := values[start, start + size); returns the new data id. The kernel's memory is
 * reused, so the values must be copied: the wasm backend copies them into its own heap as the
 * tensor is made, other backends keep the array they are given and get a copy. (A fresh array
 * per variable and step cost 1 ms a step in garbage collection on wasm; a view costs 0.07.)
 */
function assignFrom(variable: tf.Variable, values: Float32Array, start: number): DataId {
  const range = tf.getBackend() === 'wasm' ? values.subarray(start, start + variable.size) : values.slice(start, start + variable.size);
  const tensor = tf.tensor(range, variable.shape, 'float32');
  variable.assign(tensor);
  tensor.dispose();
  return dataIdOf(variable);
}

function assignScalar(variable: tf.Variable, value: number): void {
  const tensor = tf.scalar(value);
  variable.assign(tensor);
  tensor.dispose();
}
