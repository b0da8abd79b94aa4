import { InvalidArgumentError } from '@addrnn/codec';
import type { ColumnStates } from './carry-states.js';

/**
 * What a probe reads: a 0/1 quantity per column of a question (the carry into it, the borrow,
 * the running sign), computed from the digits as the reference. Index `t` is column `t` from the
 * right, one value per column the model reads.
 */
export type ColumnTarget = (question: string) => Uint8Array;

/** Columns of states with the true value of the target in each: what a probe is fitted and scored on. */
export interface ProbeSamples {
  /** `[count, width]` state values, row-major. */
  features: Float32Array;
  /** The target's true value in each row's column, 0 or 1. */
  targets: Uint8Array;
  count: number;
  width: number;
}

/** A readout of a 0/1 target from a state: one unit against a threshold, or a fitted direction. */
export interface Readout {
  kind: 'unit' | 'direction';
  /** "cell unit 7", "a direction in the 64 state values". */
  name: string;
  /** The readout's value for row `row` of `features` (width `weights.length`). */
  value(features: Float32Array, row: number): number;
  /** Values on the 1 side of this read as 1. */
  threshold: number;
  /** Whether 1 is above the threshold (else below). */
  oneAbove: boolean;
  /** The values' range on the training states, for the plot's axis. */
  range: [number, number];
  /** Share of training columns it reads right. */
  trainingAccuracy: number;
}

/** How well a readout predicts the target on some samples. */
export interface ReadoutScore {
  /** Share of columns whose target it reads right. */
  accuracy: number;
  /** Pearson correlation of its value (sign-adjusted) with the target. */
  correlation: number;
  columns: number;
}

/** One row per column of every question, with the target's true value in that column. */
export function probeSamples(states: readonly ColumnStates[], target: ColumnTarget): ProbeSamples {
  const width = states[0]?.names.length ?? 0;
  const count = states.reduce((total, entry) => total + entry.columns, 0);
  const features = new Float32Array(count * width);
  const targets = new Uint8Array(count);
  let row = 0;
  for (const entry of states) {
    const truth = target(entry.question);
    if (truth.length !== entry.columns) throw new InvalidArgumentError(`target must give one value per column the model read: the target of "${entry.question}" has ${truth.length} columns, its states ${entry.columns}`);
    features.set(entry.features, row * width);
    targets.set(truth, row);
    row += entry.columns;
  }
  return { features, targets, count, width };
}

/** Whether a readout reads 1 from `value`. */
export function readsOne(readout: Readout, value: number): boolean {
  return readout.oneAbove ? value > readout.threshold : value < readout.threshold;
}

export function scoreReadout(readout: Readout, samples: ProbeSamples): ReadoutScore {
  return scoreReadouts([{ readout, samples }]);
}

/**
 * How well several readouts together predict the target, each on its own samples (one readout
 * per case of a task): the accuracy over all their columns, and the correlation of their values,
 * each scaled to its training range and turned so that 1 is up, with the target.
 */
export function scoreReadouts(parts: readonly { readout: Readout; samples: ProbeSamples }[]): ReadoutScore {
  const count = parts.reduce((total, part) => total + part.samples.count, 0);
  const values = new Float64Array(count);
  const targets = new Uint8Array(count);
  let right = 0;
  let at = 0;
  for (const { readout, samples } of parts) {
    const [low, high] = readout.range;
    for (let row = 0; row < samples.count; row += 1, at += 1) {
      const value = readout.value(samples.features, row);
      values[at] = ((value - low) / (high - low)) * (readout.oneAbove ? 1 : -1);
      targets[at] = samples.targets[row]!;
      if (readsOne(readout, value) === (targets[at] === 1)) right += 1;
    }
  }
  return { accuracy: count === 0 ? 0 : right / count, correlation: pearson(values, targets), columns: count };
}

function pearson(values: Float64Array, targets: Uint8Array): number {
  const n = values.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i += 1) {
    meanX += values[i]! / n;
    meanY += targets[i]! / n;
  }
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = values[i]! - meanX;
    const dy = targets[i]! - meanY;
    xy += dx * dy;
    xx += dx * dx;
    yy += dy * dy;
  }
  return xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
}

/**
 * The single state value that best separates 1 from 0 by a threshold: for each
 * unit, every cut between two sorted training values in both directions; the most accurate
 * wins (the lowest index on a tie), its threshold halfway between the two values it falls between.
 */
export function bestUnit(samples: ProbeSamples, names: readonly string[]): Readout {
  const { count, width, features, targets } = samples;
  const positives = targets.reduce((total, value) => total + value, 0);
  let best = { unit: 0, right: -1, threshold: 0, oneAbove: true };
  const order = new Uint32Array(count);
  for (let unit = 0; unit < width; unit += 1) {
    const value = (row: number) => features[row * width + unit]!;
    for (let i = 0; i < count; i += 1) order[i] = i;
    order.sort((a, b) => value(a) - value(b));
    // Cut after the i-th smallest: rows above read 1. Right = zeros at or below + ones above.
    let zerosBelow = 0;
    let onesBelow = 0;
    for (let i = 0; i <= count; i += 1) {
      if (i > 0) {
        if (targets[order[i - 1]!] === 1) onesBelow += 1;
        else zerosBelow += 1;
      }
      if (i > 0 && i < count && value(order[i]!) === value(order[i - 1]!)) continue;
      const above = zerosBelow + (positives - onesBelow);
      const below = onesBelow + (count - positives - zerosBelow);
      const threshold = i === 0 ? value(order[0]!) - 1 : i === count ? value(order[count - 1]!) + 1 : (value(order[i - 1]!) + value(order[i]!)) / 2;
      if (above > best.right) best = { unit, right: above, threshold, oneAbove: true };
      if (below > best.right) best = { unit, right: below, threshold, oneAbove: false };
    }
  }
  const unit = best.unit;
  const readout: Readout = {
    kind: 'unit',
    name: `${names[unit] ?? `state ${unit}`}`.replace(/^(hidden|cell) (\d+)$/, '$1 unit $2'),
    value: (rows, row) => rows[row * width + unit]!,
    threshold: best.threshold,
    oneAbove: best.oneAbove,
    range: rangeOf(samples, (row) => features[row * width + unit]!),
    trainingAccuracy: count === 0 ? 0 : best.right / count,
  };
  return readout;
}

/**
 * A direction in state space: logistic regression of the target on every state value
 * (standardised, full-batch gradient descent from zero, a little L2), read as the probability of
 * a 1 against 1/2. Deterministic: the same samples give the same direction.
 */
export function bestDirection(samples: ProbeSamples, iterations = 300, rate = 1, l2 = 1e-4): Readout {
  const { count, width, features, targets } = samples;
  const mean = new Float64Array(width);
  const scale = new Float64Array(width);
  for (let row = 0; row < count; row += 1) for (let j = 0; j < width; j += 1) mean[j]! += features[row * width + j]! / count;
  for (let row = 0; row < count; row += 1) for (let j = 0; j < width; j += 1) scale[j]! += (features[row * width + j]! - mean[j]!) ** 2 / count;
  for (let j = 0; j < width; j += 1) scale[j] = Math.sqrt(scale[j]!) || 1;
  const x = new Float64Array(count * width);
  for (let row = 0; row < count; row += 1) for (let j = 0; j < width; j += 1) x[row * width + j] = (features[row * width + j]! - mean[j]!) / scale[j]!;
  const weights = new Float64Array(width);
  let bias = 0;
  const gradient = new Float64Array(width);
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    gradient.fill(0);
    let biasGradient = 0;
    for (let row = 0; row < count; row += 1) {
      let z = bias;
      for (let j = 0; j < width; j += 1) z += weights[j]! * x[row * width + j]!;
      const error = 1 / (1 + Math.exp(-z)) - targets[row]!;
      biasGradient += error / count;
      for (let j = 0; j < width; j += 1) gradient[j]! += (error * x[row * width + j]!) / count;
    }
    bias -= rate * biasGradient;
    for (let j = 0; j < width; j += 1) weights[j]! -= rate * (gradient[j]! + l2 * weights[j]!);
  }
  // Back to raw state values: z = rawBias + sum(raw[j] * rawWeights[j]).
  const rawWeights = weights.map((w, j) => w / scale[j]!);
  const rawBias = bias - rawWeights.reduce((total, w, j) => total + w * mean[j]!, 0);
  const value = (rows: Float32Array, row: number) => {
    let z = rawBias;
    for (let j = 0; j < width; j += 1) z += rawWeights[j]! * rows[row * width + j]!;
    return 1 / (1 + Math.exp(-z));
  };
  const readout: Readout = { kind: 'direction', name: `a direction in the ${width} state values`, value, threshold: 0.5, oneAbove: true, range: [0, 1], trainingAccuracy: 0 };
  readout.trainingAccuracy = scoreReadout(readout, samples).accuracy;
  return readout;
}

function rangeOf(samples: ProbeSamples, value: (row: number) => number): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let row = 0; row < samples.count; row += 1) {
    low = Math.min(low, value(row));
    high = Math.max(high, value(row));
  }
  return low < high ? [low, high] : [low - 1, low + 1];
}

/** The unit and the direction fitted on `training`; the chosen one is the more accurate there, the unit on a tie. */
export function fitReadout(training: ProbeSamples, names: readonly string[]): { chosen: Readout; unit: Readout; direction: Readout } {
  const unit = bestUnit(training, names);
  const direction = bestDirection(training);
  return { chosen: unit.trainingAccuracy >= direction.trainingAccuracy ? unit : direction, unit, direction };
}
