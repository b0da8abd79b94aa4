import * as tf from '@tensorflow/tfjs';
import type { DecodedAnswer, ParsedQuestion } from '@addrnn/codec';
import { AlignedForward } from './aligned-forward.js';
import { alignedModelInputSize, alignedVariables } from './aligned-model.js';
import { columnLayoutOf, pauseOf, type ColumnLayout } from './column-layouts.js';
import { modelLogits } from '../loss.js';

/** Most columns (questions x steps) encoded at once; longer lists go in groups. */
const MAX_COLUMNS = 1 << 20;

type DataId = unknown;
const dataIdOf = (tensor: tf.Tensor): DataId => (tensor as unknown as { dataId: DataId }).dataId;

/**
 * Answers aligned questions of any length: each group of questions is padded to its longest one
 * and run through the WebAssembly kernel's forward pass (tfjs's `model.predict` where the kernel
 * cannot compile). Weights changed since the last call are read again.
 */
export class AlignedPredictor {
  readonly #model: tf.LayersModel;
  readonly #layout: ColumnLayout;
  #forward: AlignedForward | undefined;
  #kernelFailed = false;
  #weightIds: DataId[] = [];

  constructor(model: tf.LayersModel) {
    this.#model = model;
    // The adder's columns hold 20 values, the signed layout's 24: the model's first weight says which.
    this.#layout = columnLayoutOf(alignedModelInputSize(model));
  }

  /** Whether answers come from the kernel ('kernel') or from tfjs ('tfjs', where the kernel cannot compile). */
  get runsOn(): 'kernel' | 'tfjs' {
    return this.#kernelFailed ? 'tfjs' : 'kernel';
  }

  /** The question split at its operator, or the InvalidQuestionError that answering it throws. */
  check(question: string): ParsedQuestion {
    return this.#layout.check(question);
  }

  /** Answers with confidences, in order; every question is checked first (errors name `questions[i]`). */
  predict(questions: readonly string[]): DecodedAnswer[] {
    return this.#run(questions, (probabilities, group, steps) => this.#layout.decodeBatch(probabilities, group.length, steps));
  }

  /** The answers alone: no per-step objects, for long lists of long questions. */
  answers(questions: readonly string[]): string[] {
    // The answers are the argmax of each step: the logits give it without a softmax.
    return this.#run(questions, (scores, group, steps) => this.#layout.decodeAnswers(scores, group.length, steps), true);
  }

  #run<T>(questions: readonly string[], decode: (probabilities: Float32Array, group: readonly string[], steps: number) => T[], logitsOnly = false): T[] {
    this.#layout.steps(questions);
    const answers: T[] = [];
    let start = 0;
    while (start < questions.length) {
      let end = start;
      let longest = 0;
      while (end < questions.length) {
        const steps = Math.max(longest, this.#layout.stepsOfOne(questions[end]!));
        if (end > start && (end - start + 1) * steps > MAX_COLUMNS) break;
        longest = steps;
        end += 1;
      }
      const group = questions.slice(start, end);
      const { probabilities, steps } = this.#group(group, logitsOnly);
      for (const answer of decode(probabilities, group, steps)) answers.push(answer);
      start = end;
    }
    return answers;
  }

  #group(questions: readonly string[], logitsOnly: boolean): { probabilities: Float32Array; steps: number } {
    const layout = this.#layout;
    const steps = layout.steps(questions);
    const inputs = layout.encodeQuestions(questions, steps);
    const forward = this.#kernelForward();
    const pause = pauseOf(layout, steps);
    const probabilities = !forward ? this.#tfjsPredict(inputs, questions.length, steps) : logitsOnly ? forward.logits(inputs, questions.length, steps, pause) : forward.predict(inputs, questions.length, steps, pause);
    return { probabilities, steps };
  }

  /**
   * tfjs where the kernel cannot compile: the model's softmax over {@link modelLogits}, which runs
   * each pass from a fresh state. A layout that pauses (or feeds back) is run until what it
   * lays out from the model's output stops changing: each step depends only on the steps
   * before it, so each run fixes at least one more step, and the last run gives the kernel's
   * answers (the first pass does not depend on what is fed to the second).
   */
  #tfjsPredict(inputs: Float32Array, count: number, steps: number): Float32Array {
    const run = () => tf.tidy(() => tf.softmax(modelLogits(this.#model, tf.tensor3d(inputs, [count, steps, this.#layout.inputSize]))).dataSync() as Float32Array);
    const { pause, feedback } = this.#layout;
    if (!pause) return run();
    for (;;) {
      const probabilities = run();
      const before = inputs.slice();
      for (let item = 0; item < count; item += 1) {
        pause.feed(probabilities, inputs, item, steps);
        feedback?.write(probabilities, inputs, item, steps);
      }
      if (inputs.every((value, index) => value === before[index])) return probabilities;
    }
  }

  #kernelForward(): AlignedForward | undefined {
    if (this.#kernelFailed) return undefined;
    const ids = (alignedVariables(this.#model) ?? []).map(dataIdOf);
    if (this.#forward && ids.every((id, i) => id === this.#weightIds[i])) return this.#forward;
    try {
      this.#forward = new AlignedForward(this.#model);
      this.#weightIds = ids;
      return this.#forward;
    } catch {
      // No WebAssembly SIMD here (or a browser's main thread refusing a synchronous compile).
      this.#kernelFailed = true;
      return undefined;
    }
  }
}
