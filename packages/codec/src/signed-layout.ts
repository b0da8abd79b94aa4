import { codesToString, targetBuffer, writeDigits } from './column-buffers.js';
import type { DecodedAnswer } from './decoded-answer.js';
import { InvalidArgumentError } from './errors.js';
import { answerClasses, argmax, classesOf, checkAnswers, checkPasses, checkProbabilities, MINUS_CLASS, PASS_CLASSES, PLUS_CLASS, readOne, SIGNED_OUTPUT_SIZE } from './signed-classes.js';
import { columnsOf, parseAll, parseSignedQuestion } from './signed-question.js';

/**
 * Values per signed input column: the left operand's digit one-hot (10), the right's (10), the
 * operator one-hot (`+`, `-`), and the sign one-hot (`+`, `-`), set in the second pass only.
 */
export const SIGNED_INPUT_SIZE = 24;
/**
 * Values per column of the signed layout with feedback ({@link SignedFeedbackLayout}): the 24
 * above, then the class the model wrote at the step before in the same pass, one-hot over the 12
 * classes (none at a pass's first column), then the column before's two digits, one-hot (20).
 */
export const SIGNED_FEEDBACK_INPUT_SIZE = 56;
export { SIGNED_OUTPUT_SIZE };

/** Where a signed layout with feedback lays out what the model wrote (`SignedFeedbackLayout.feedback`). */
export interface SignedFeedback {
  /** The first of the 12 input values, in each column, that hold the fed-back class one-hot. */
  readonly inputAt: number;
  /** The classes each pass feeds back, `[from, to)`: the first pass its signs (10, 11), the second its digits (0-9). */
  readonly passClasses: readonly (readonly [number, number])[];
}

const OPERATOR_SHIFT = 20;
const SIGN_SHIFT = 22;
const FEEDBACK_SHIFT = 24;
const PREVIOUS_SHIFT = 36;

/**
 * The signed column layouts, `size` values per column (24, or 56 with feedback): `+` and `-`
 * (answers may be negative) in two passes over the same digit columns, least significant first,
 * in one sequence of `steps` = 2 × columns (columns = longest operand + 1). The first pass
 * writes, at each column, the sign of the question cut to the columns so far, so at its last
 * column the answer's sign; the second pass is given that sign at every column (laid out by
 * `writeSign`: the true sign in training, the model's own in prediction) and writes the answer's
 * digits. Inputs `[count, steps, size]`, outputs `[count, steps, 12]`. Code lays out columns and
 * reads classes; the model computes the sign and every digit.
 */
function signedLayout(size: number) {
  const feedback = size === SIGNED_FEEDBACK_INPUT_SIZE;
  return Object.freeze({
    /** Values per input column: 24, or 56 with feedback. */
    inputSize: size,
    /**
     * With feedback, where the forward pass writes back what the model wrote at each step: the
     * first input slot of the 12 classes, and the classes each pass feeds (the first pass its
     * signs, the second its digits); undefined without.
     */
    feedback: (feedback ? Object.freeze({ inputAt: FEEDBACK_SHIFT, passClasses: PASS_CLASSES }) : undefined) as SignedFeedback | undefined,

    /** Columns of one pass: the longest operand + 1. @throws InvalidQuestionError naming `questions[i]` */
    columns(questions: readonly string[]): number {
      return columnsOf(parseAll(questions));
    },

    /** Steps of the whole sequence: two passes of {@link columns}. @throws InvalidQuestionError naming `questions[i]` */
    steps(questions: readonly string[]): number {
      return 2 * columnsOf(parseAll(questions));
    },

    /**
     * `[count, steps, inputSize]` one-hot inputs (`steps` defaults to the questions' own and must be even
     * and at least that). With `answers`, the second pass holds each answer's sign (teacher
     * forcing, for training), and with feedback each step holds the true class of the step before in
     * its pass; without, neither is there until `writeSign` (and the forward pass) lays out the model's.
     * @throws InvalidQuestionError, InvalidAnswerError, InvalidArgumentError (steps), BufferSizeError (out).
     */
    encodeQuestions(questions: readonly string[], steps?: number, out?: Float32Array, answers?: readonly string[]): Float32Array {
      const parsed = parseAll(questions);
      const needed = columnsOf(parsed);
      const total = steps === undefined ? 2 * needed : checkPasses(steps, needed);
      const columns = total / 2;
      const signs = answers === undefined ? undefined : checkAnswers(answers, columns);
      if (signs !== undefined && signs.length !== parsed.length) throw new InvalidArgumentError(`answers and questions must be as many, got ${signs.length} answers and ${parsed.length} questions`);
      const perExample = total * size;
      const buffer = targetBuffer(out, Float32Array, parsed.length, perExample, `[steps ${total}, ${size}]`);
      parsed.forEach(({ left, operator, right }, item) => {
        for (const pass of [0, columns * size]) {
          const offset = item * perExample + pass;
          writeDigits(left, buffer, offset, size, 0, columns);
          writeDigits(right, buffer, offset, size, 10, columns);
          const op = OPERATOR_SHIFT + (operator === '-' ? 1 : 0);
          for (let t = 0; t < columns; t += 1) buffer[offset + t * size + op] = 1;
        }
        if (feedback) {
          // The column before's digits, at every column but each pass's first.
          for (const pass of [0, columns * size]) {
            const offset = item * perExample + pass + size;
            writeDigits(left, buffer, offset, size, PREVIOUS_SHIFT, columns - 1);
            writeDigits(right, buffer, offset, size, PREVIOUS_SHIFT + 10, columns - 1);
          }
        }
        if (signs !== undefined) writeSign(buffer, item, total, signs[item]!.startsWith('-'), size);
      });
      // Teacher forcing: each step is given the true class of the step before in its pass.
      if (feedback && signs !== undefined) {
        const classes = classesOf(parsed, signs, total);
        for (let item = 0; item < parsed.length; item += 1) {
          for (let step = 0; step < total; step += 1) {
            if (step % columns === 0) continue;
            buffer[(item * total + step) * size + FEEDBACK_SHIFT + classes[item * total + step - 1]!] = 1;
          }
        }
      }
      return buffer;
    },

    /** Lays out a sign in the second pass of example `item` of `[count, steps, inputSize]` inputs (replacing any). */
    writeSign(inputs: Float32Array, item: number, steps: number, negative: boolean): void {
      writeSign(inputs, item, steps, negative, size);
    },

    /** Whether the first pass chose `-` for example `item` of `[count, steps, 12]` probabilities (or logits). */
    readSign(probabilities: ArrayLike<number>, item: number, steps: number): boolean {
      return argmax(probabilities, (item * steps + steps / 2 - 1) * SIGNED_OUTPUT_SIZE, PLUS_CLASS, MINUS_CLASS + 1).index === MINUS_CLASS;
    },

    /**
     * `[count, steps]` int32 classes of the answers (see the layout): the questions are needed,
     * since the first pass's classes are the signs of each question's lowest columns.
     * @throws InvalidAnswerError unless each answer is a number of at most `steps / 2` digits with the question's sign
     */
    encodeAnswers(answers: readonly string[], steps: number, out?: Int32Array, questions?: readonly string[]): Int32Array {
      const { classes, count } = answerClasses(answers, steps, questions);
      const buffer = targetBuffer(out, Int32Array, count, steps, `[steps ${steps}]`);
      buffer.set(classes);
      return buffer;
    },

    /** `[count, steps, 12]` one-hot of {@link encodeAnswers}, into `out` when given. */
    oneHotAnswers(answers: readonly string[], steps: number, out?: Float32Array, questions?: readonly string[]): Float32Array {
      const { classes, count } = answerClasses(answers, steps, questions);
      const buffer = targetBuffer(out, Float32Array, count, steps * SIGNED_OUTPUT_SIZE, `[steps ${steps}, ${SIGNED_OUTPUT_SIZE}]`);
      for (let index = 0; index < classes.length; index += 1) buffer[index * SIGNED_OUTPUT_SIZE + classes[index]!] = 1;
      return buffer;
    },

    /**
     * Reads `count` answers from `[count, steps, 12]` probabilities: the sign at the first pass's
     * last column (among `+` and `-`), the digits from the second pass (among 0-9), most
     * significant first without leading zeros; a zero is never negative. `positions` starts with
     * the sign (`'+'` or `'-'`) and its probability, then every digit step; `confidence` has one
     * entry per character of `answer` (the `'-'`'s is the sign's).
     * @throws BufferSizeError, InvalidAnswerError on a non-finite value.
     */
    decodeBatch(probabilities: ArrayLike<number>, count: number, steps: number): DecodedAnswer[] {
      const { buffer, items, columns } = checkProbabilities(probabilities, count, steps);
      const answers: DecodedAnswer[] = [];
      for (let item = 0; item < items; item += 1) {
        const { negative, signProbability, codes, chosen, first } = readOne(buffer, item * 2 * columns * SIGNED_OUTPUT_SIZE, 2 * columns);
        const digits = codesToString(codes.subarray(first));
        const positions = [{ character: negative ? '-' : '+', probability: signProbability }];
        for (let position = 0; position < columns; position += 1) positions.push({ character: String.fromCharCode(codes[position]!), probability: chosen[position]! });
        const confidence = chosen.slice(first);
        answers.push(negative ? { answer: `-${digits}`, confidence: [signProbability, ...confidence], positions } : { answer: digits, confidence, positions });
      }
      return answers;
    },

    /** The answers alone of {@link decodeBatch}. Same checks and errors. */
    decodeAnswers(probabilities: ArrayLike<number>, count: number, steps: number): string[] {
      const { buffer, items, columns } = checkProbabilities(probabilities, count, steps);
      const answers: string[] = [];
      for (let item = 0; item < items; item += 1) {
        const { negative, codes, first } = readOne(buffer, item * 2 * columns * SIGNED_OUTPUT_SIZE, 2 * columns);
        answers.push((negative ? '-' : '') + codesToString(codes.subarray(first)));
      }
      return answers;
    },

    /** The answer as a person reads it from one example's `steps` classes (sign at the first pass's end, digits after). */
    answerText(classes: ArrayLike<number>): string {
      const columns = classes.length / 2;
      let digits = '';
      for (let step = classes.length - 1; step >= columns; step -= 1) digits += String(classes[step]);
      digits = digits.replace(/^0+(?=\d)/, '');
      return classes[columns - 1] === MINUS_CLASS && digits !== '0' ? `-${digits}` : digits;
    },

    /**
     * The exact answer of a signed question (a reference for checks and views; the model never sees it).
     * @throws InvalidQuestionError unless the question is a signed question.
     */
    solve(question: string): string {
      const { left, operator, right } = parseSignedQuestion(question);
      return (operator === '-' ? BigInt(left) - BigInt(right) : BigInt(left) + BigInt(right)).toString();
    },

    /**
     * With feedback, lays out at each step of example `item` the class the model wrote at the step
     * before in its pass, read from `probabilities` `[count, steps, 12]` (the first pass's sign,
     * the second pass's digit; nothing at a pass's first column), replacing what was there.
     * Returns whether any input changed. Without feedback it changes nothing.
     */
    writeFeedback(probabilities: ArrayLike<number>, inputs: Float32Array, item: number, steps: number): boolean {
      if (!feedback) return false;
      const columns = steps / 2;
      let changed = false;
      for (let step = 0; step < steps; step += 1) {
        if (step % columns === 0) continue;
        const [from, to] = PASS_CLASSES[step < columns ? 0 : 1]!;
        const chosen = argmax(probabilities, (item * steps + step - 1) * SIGNED_OUTPUT_SIZE, from, to).index;
        const at = (item * steps + step) * size + FEEDBACK_SHIFT;
        for (let c = 0; c < SIGNED_OUTPUT_SIZE; c += 1) {
          const value = c === chosen ? 1 : 0;
          if (inputs[at + c] !== value) changed = true;
          inputs[at + c] = value;
        }
      }
      return changed;
    },
  });
}

/** Lays out a sign in the second pass of example `item` of `[count, steps, size]` inputs (replacing any). */
function writeSign(inputs: Float32Array, item: number, steps: number, negative: boolean, size: number): void {
  const columns = steps / 2;
  const base = item * steps * size;
  for (let t = columns; t < steps; t += 1) {
    const at = base + t * size + SIGN_SHIFT;
    inputs[at] = negative ? 0 : 1;
    inputs[at + 1] = negative ? 1 : 0;
  }
}

/**
 * Column layout for signed arithmetic (`+` and `-`, answers may be negative), without feedback:
 * 24 values per column (see `signedLayout`). The first signed models were trained in it; they
 * still load and predict.
 */
export const SignedLayout = signedLayout(SIGNED_INPUT_SIZE);

/**
 * The signed layout with feedback: {@link SignedLayout}'s two passes, where each step is also
 * given the class the model wrote at the step before in the same pass (the first pass's sign so
 * far, the second pass's digit before; the true class in training, the model's own in
 * prediction, as a decoder is fed its previous token) and the column before's two digits.
 * Each pass's state then needs to hold nothing from further back than one column: what the
 * comparison or the borrow so far is, the model reads off its own last output, at any length.
 * Inputs `[count, steps, 56]`, outputs `[count, steps, 12]`.
 */
export const SignedFeedbackLayout = signedLayout(SIGNED_FEEDBACK_INPUT_SIZE);
