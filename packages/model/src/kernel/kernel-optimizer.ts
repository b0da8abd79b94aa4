import * as tf from '@tensorflow/tfjs';
import type { KernelGradients } from './kernel-gradients.js';

/** What the optimizer reads of a kernel's model: its variables in kernel order and the optimizer's order. */
export interface KernelVariables {
  /** Variables in the kernel's order. */
  variables: tf.Variable[];
  /** For each variable of `spec.trainable` (the optimizer's order), its index in `variables`. */
  trainableIndex: number[];
  spec: { trainable: tf.Variable[] };
}

/** What the optimizer uses of a kernel instance (the encoder-decoder's or the aligned model's). */
export type KernelMemory = Pick<KernelGradients, 'weights' | 'gradients' | 'firstMoments' | 'secondMoments' | 'adam'>;

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
  incrementIterations(): void;
}

type DataId = unknown;
const dataIdOf = (tensor: tf.Tensor): DataId => (tensor as unknown as { dataId: DataId }).dataId;

/**
 * Keeps the model's variables, and Adam's moments where the optimizer is tfjs's Adam, mirrored
 * in the kernel's memory, and applies updates there.
 *
 * The tfjs variables stay the truth between steps: after each update the new values are
 * assigned to them (so `model.predict`, `model.getWeights`, saving and the optimizer's
 * `getWeights` see them at once), and a variable whose data changed outside the step (a resume
 * restoring weights or Adam's state) is read again before the next one. With Adam, the update
 * runs in the kernel in tfjs's own order of float32 operations; other optimizers get the
 * gradients through `applyGradients`.
 */
export class KernelOptimizer {
  readonly #model: KernelVariables;
  readonly #optimizer: tf.Optimizer;
  readonly #adam: AdamInternals | undefined;
  readonly #offsets: number[];
  #weightIds: DataId[] = [];
  #firstIds: DataId[] = [];
  #secondIds: DataId[] = [];

  constructor(model: KernelVariables, optimizer: tf.Optimizer) {
    this.#model = model;
    this.#optimizer = optimizer;
    this.#adam = isAdam(optimizer) ? (optimizer as unknown as AdamInternals) : undefined;
    this.#offsets = [];
    let offset = 0;
    for (const variable of model.variables) {
      this.#offsets.push(offset);
      offset += variable.size;
    }
  }

  /** Copies into the kernel the variables whose values changed since it last wrote them. */
  syncWeights(kernel: KernelMemory): void {
    const weights = kernel.weights();
    this.#model.variables.forEach((variable, i) => {
      if (this.#weightIds[i] === dataIdOf(variable)) return;
      weights.set(variable.dataSync() as Float32Array, this.#offsets[i]!);
      this.#weightIds[i] = dataIdOf(variable);
    });
  }

  /** Updates the weights from the kernel's gradients and hands the new values to the variables. */
  apply(kernel: KernelMemory): void {
    const adam = this.#adam;
    if (!adam) {
      this.#applyThroughOptimizer(kernel);
      return;
    }
    const { spec, trainableIndex, variables } = this.#model;
    const first = kernel.firstMoments();
    const second = kernel.secondMoments();
    // The optimizer's slots are per position in the order gradients are applied: the model's trainable order.
    spec.trainable.forEach((variable, t) => {
      const r = trainableIndex[t]!;
      const start = this.#offsets[r]!;
      for (const [slots, ids, mirror, suffix] of [
        [adam.accumulatedFirstMoment, this.#firstIds, first, 'm'],
        [adam.accumulatedSecondMoment, this.#secondIds, second, 'v'],
      ] as const) {
        let slot = slots[t];
        if (slot === undefined || slot === null) {
          slot = { originalName: `${variable.name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(variable).variable(false)) };
          slots[t] = slot;
        }
        if (ids[r] !== dataIdOf(slot.variable)) {
          mirror.set(slot.variable.dataSync() as Float32Array, start);
          ids[r] = dataIdOf(slot.variable);
        }
      }
    });
    const accBeta1 = adam.accBeta1.dataSync()[0]!;
    const accBeta2 = adam.accBeta2.dataSync()[0]!;
    kernel.adam({
      beta1: adam.beta1,
      beta2: adam.beta2,
      oneMinusAccBeta1: Math.fround(1 - accBeta1),
      oneMinusAccBeta2: Math.fround(1 - accBeta2),
      epsilon: adam.epsilon ?? tf.backend().epsilon(),
      learningRate: adam.learningRate,
    });
    const weights = kernel.weights();
    spec.trainable.forEach((_, t) => {
      const r = trainableIndex[t]!;
      const variable = variables[r]!;
      this.#weightIds[r] = assignFrom(variable, weights, this.#offsets[r]!);
      this.#firstIds[r] = assignFrom(adam.accumulatedFirstMoment[t]!.variable, first, this.#offsets[r]!);
      this.#secondIds[r] = assignFrom(adam.accumulatedSecondMoment[t]!.variable, second, this.#offsets[r]!);
    });
    assignScalar(adam.accBeta1, Math.fround(accBeta1 * Math.fround(adam.beta1)));
    assignScalar(adam.accBeta2, Math.fround(accBeta2 * Math.fround(adam.beta2)));
    adam.incrementIterations();
  }

  #applyThroughOptimizer(kernel: KernelMemory): void {
    const gradients = kernel.gradients();
    const { spec, trainableIndex } = this.#model;
    const named = spec.trainable.map((variable, t) => {
      const start = this.#offsets[trainableIndex[t]!]!;
      return { name: variable.name, tensor: tf.tensor(gradients.slice(start, start + variable.size), variable.shape) };
    });
    this.#optimizer.applyGradients(named);
    tf.dispose(named.map((entry) => entry.tensor));
  }
}

/**
 * tfjs's Adam, by its registered class name: tfjs optimizers answer `instanceof` by duck typing,
 * so an SGD optimizer is an `instanceof tf.AdamOptimizer`.
 */
function isAdam(optimizer: tf.Optimizer): boolean {
  return (optimizer.constructor as { className?: string }).className === 'Adam';
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
