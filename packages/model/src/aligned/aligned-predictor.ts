import * as tf from '@tensorflow/tfjs';
import { ALIGNED_INPUT_SIZE, AlignedLayout, parseAlignedQuestion, type DecodedAnswer, type ParsedQuestion } from '@addrnn/codec';
import { AlignedForward } from './aligned-forward.js';
import { alignedVariables } from './aligned-model.js';

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
  #forward: AlignedForward | undefined;
  #kernelFailed = false;
  #weightIds: DataId[] = [];

  constructor(model: tf.LayersModel) {
    this.#model = model;
  }

  /** Whether answers come from the kernel ('kernel') or from tfjs ('tfjs', where the kernel cannot compile). */
  get runsOn(): 'kernel' | 'tfjs' {
    return this.#kernelFailed ? 'tfjs' : 'kernel';
  }

  /** The question split at its operator, or the InvalidQuestionError that answering it throws. */
  check(question: string): ParsedQuestion {
    return parseAlignedQuestion(question);
  }

  /** Answers with confidences, in order; every question is checked first (errors name `questions[i]`). */
  predict(questions: readonly string[]): DecodedAnswer[] {
    return this.#run(questions, (probabilities, group, steps) => AlignedLayout.decodeBatch(probabilities, group.length, steps));
  }

  /** The answers alone: no per-step objects, for long lists of long questions. */
  answers(questions: readonly string[]): string[] {
    return this.#run(questions, (probabilities, group, steps) => AlignedLayout.decodeAnswers(probabilities, group.length, steps));
  }

  #run<T>(questions: readonly string[], decode: (probabilities: Float32Array, group: readonly string[], steps: number) => T[]): T[] {
    AlignedLayout.steps(questions);
    const answers: T[] = [];
    let start = 0;
    while (start < questions.length) {
      let end = start;
      let longest = 0;
      while (end < questions.length) {
        const steps = Math.max(longest, columnsOf(questions[end]!));
        if (end > start && (end - start + 1) * steps > MAX_COLUMNS) break;
        longest = steps;
        end += 1;
      }
      const group = questions.slice(start, end);
      const { probabilities, steps } = this.#group(group);
      for (const answer of decode(probabilities, group, steps)) answers.push(answer);
      start = end;
    }
    return answers;
  }

  #group(questions: readonly string[]): { probabilities: Float32Array; steps: number } {
    const steps = AlignedLayout.steps(questions);
    const inputs = AlignedLayout.encodeQuestions(questions, steps);
    const forward = this.#kernelForward();
    const probabilities = forward
      ? forward.predict(inputs, questions.length, steps)
      : tf.tidy(() => (this.#model.predict(tf.tensor3d(inputs, [questions.length, steps, ALIGNED_INPUT_SIZE])) as tf.Tensor).dataSync() as Float32Array);
    return { probabilities, steps };
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

const ZERO = 48; // '0'.charCodeAt(0)

/** Columns of one question: its longest operand + 1 (the question is valid: checked before, so its one non-digit is the operator). */
function columnsOf(question: string): number {
  let operator = 0;
  while (operator < question.length) {
    const code = question.charCodeAt(operator);
    if (code < ZERO || code > ZERO + 9) break;
    operator += 1;
  }
  return Math.max(operator, question.length - operator - 1) + 1;
}
