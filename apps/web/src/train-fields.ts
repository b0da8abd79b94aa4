// The Train form's fields, one per option of `addrnn train` that makes sense in a page, and the
// trainer option each one sets. No DOM here: `train-form.ts` draws them, the tests check them in Node.
import { MAX_DIGITS, MAX_SEED, MIN_DIGITS, operatorTasks, type Operator } from '@addrnn/codec';
import { MAX_BATCH_SIZE } from '@addrnn/dataset';
import type { Cell, Implementation } from '@addrnn/model';
import { MAX_HIDDEN_SIZE, MAX_LAYERS } from '@addrnn/model/limits';
import { MAX_EPOCHS, MAX_THREADS, MAX_VALIDATION_SIZE, type LearningRateDecay } from '@addrnn/trainer';
import type { PresetDefaults } from './preset-defaults.js';
import type { TrainFlags } from './worker-protocol.js';

/** A field's value: a number (or `null` for a lever left off), a choice, a checkbox, or the operators ticked. */
export type FieldValue = number | string | boolean | null | readonly string[];

export interface NumberInput {
  kind: 'number';
  integer: boolean;
  min: number;
  max?: number;
  /** The bounds themselves are not accepted. */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  /** Empty is accepted and turns the lever off (`null`); the words say what that means. */
  emptyMeans?: string;
}
export interface ChoiceInput {
  kind: 'choice';
  /** [value, label] pairs. */
  choices: readonly (readonly [string, string])[];
}
export interface BooleanInput {
  kind: 'boolean';
}
export interface OperatorsInput {
  kind: 'operators';
  /** [symbol, name] of every operator the codec knows. */
  choices: readonly (readonly [string, string])[];
}

export interface FieldSpec {
  /** The control's name; its id is `train-${name}`. */
  name: string;
  label: string;
  /** Under "More options". */
  more: boolean;
  input: NumberInput | ChoiceInput | BooleanInput | OperatorsInput;
  /** A line under the control (what empty means, how a default scales). */
  hint?: string;
  /** The value the preset gives (its defaults resolved by the trainer and the model). */
  initial(defaults: PresetDefaults): FieldValue;
  /** Sets the trainer option from a value the user changed. */
  apply(options: TrainFlags, value: FieldValue): void;
}

const integer = (min: number, max?: number, extra: Partial<NumberInput> = {}): NumberInput => ({
  kind: 'number',
  integer: true,
  min,
  ...(max === undefined ? {} : { max }),
  ...extra,
});
const decimal = (min: number, max: number | undefined, extra: Partial<NumberInput> = {}): NumberInput => ({
  kind: 'number',
  integer: false,
  min,
  ...(max === undefined ? {} : { max }),
  ...extra,
});
const task = (options: TrainFlags) => (options.task ??= {});
const model = (options: TrainFlags) => (options.model ??= {});

/**
 * Every field, in page order. `threads` lists the thread counts the page may use
 * (`chooseTrainingThreads().available`).
 */
export function trainFields(availableThreads: number): FieldSpec[] {
  const threadChoices: [string, string][] = [['auto', 'auto']];
  for (let count = 1; count <= Math.min(availableThreads, MAX_THREADS); count += 1) threadChoices.push([String(count), String(count)]);
  return [
    // The task and the model.
    { name: 'digits', label: 'Digits per number', more: false, input: integer(MIN_DIGITS, MAX_DIGITS), initial: (d) => d.task.digits, apply: (o, v) => (task(o).digits = v as number) },
    {
      name: 'reverseAnswer',
      label: 'Reverse the answer (least significant digit first)',
      more: false,
      input: { kind: 'boolean' },
      initial: (d) => d.task.reverseAnswer,
      apply: (o, v) => (task(o).reverseAnswer = v as boolean),
    },
    {
      name: 'cell',
      label: 'Cell',
      more: false,
      input: { kind: 'choice', choices: [['lstm', 'LSTM'], ['gru', 'GRU'], ['simpleRNN', 'SimpleRNN']] },
      initial: (d) => d.architecture.cell,
      apply: (o, v) => (model(o).cell = v as Cell),
    },
    { name: 'hiddenSize', label: 'Hidden size', more: false, input: integer(1, MAX_HIDDEN_SIZE), initial: (d) => d.architecture.hiddenSize, apply: (o, v) => (model(o).hiddenSize = v as number) },
    { name: 'encoderLayers', label: 'Encoder layers', more: false, input: integer(1, MAX_LAYERS), initial: (d) => d.architecture.encoderLayers, apply: (o, v) => (model(o).encoderLayers = v as number) },
    // 0 for a family without a decoder (the aligned adder); the model says which it takes.
    { name: 'decoderLayers', label: 'Decoder layers', more: false, input: integer(0, MAX_LAYERS), initial: (d) => d.architecture.decoderLayers, apply: (o, v) => (model(o).decoderLayers = v as number) },
    // The run's length and the optimiser.
    { name: 'batchSize', label: 'Batch size', more: false, input: integer(1, MAX_BATCH_SIZE), initial: (d) => d.options.batchSize, apply: (o, v) => (o.batchSize = v as number) },
    { name: 'epochs', label: 'Epochs', more: false, input: integer(1, MAX_EPOCHS), initial: (d) => d.options.epochs, apply: (o, v) => (o.epochs = v as number) },
    {
      name: 'examplesPerEpoch',
      label: 'Examples per epoch',
      more: false,
      input: integer(1, Number.MAX_SAFE_INTEGER),
      initial: (d) => d.options.examplesPerEpoch,
      apply: (o, v) => (o.examplesPerEpoch = v as number),
    },
    {
      name: 'learningRate',
      label: 'Learning rate',
      more: false,
      input: decimal(0, undefined, { exclusiveMin: true }),
      initial: (d) => d.options.learningRate,
      apply: (o, v) => (o.learningRate = v as number),
    },
    // More options: the CLI's less common flags.
    {
      name: 'operators',
      label: 'Operators',
      more: true,
      input: { kind: 'operators', choices: operatorTasks().map(({ symbol, name }) => [symbol, `${symbol} (${name})`] as const) },
      initial: (d) => d.task.operators,
      apply: (o, v) => (task(o).operators = v as Operator[]),
    },
    {
      name: 'reverseQuestion',
      label: 'Reverse the input (read it back to front)',
      more: true,
      input: { kind: 'boolean' },
      initial: (d) => d.task.reverseQuestion,
      apply: (o, v) => (task(o).reverseQuestion = v as boolean),
    },
    {
      name: 'dropout',
      label: 'Dropout between layers',
      more: true,
      input: decimal(0, 1, { exclusiveMax: true }),
      initial: (d) => d.architecture.dropout,
      apply: (o, v) => (model(o).dropout = v as number),
    },
    {
      name: 'implementation',
      label: 'Gradients computed by',
      more: true,
      input: { kind: 'choice', choices: [['kernel', 'kernel (WebAssembly SIMD)'], ['fused', 'fused (tfjs operations)'], ['layers', 'layers (stock tfjs-layers)']] },
      hint: 'Left as the preset has it, the model picks: the kernel where the architecture allows it, else layers.',
      initial: (d) => d.architecture.implementation,
      apply: (o, v) => (model(o).implementation = v as Implementation),
    },
    {
      name: 'warmupExamples',
      label: 'Warm-up examples',
      more: true,
      input: integer(0, Number.MAX_SAFE_INTEGER),
      hint: 'The learning rate rises linearly from 0 over these first examples.',
      initial: (d) => d.options.warmupExamples ?? 0,
      apply: (o, v) => (o.warmupExamples = v as number),
    },
    {
      name: 'learningRateDecay',
      label: 'Decay shape',
      more: true,
      input: { kind: 'choice', choices: [['exponential', 'exponential'], ['cosine', 'cosine']] },
      // The trainer's reading of an unset shape (learningRateAt).
      initial: (d) => d.options.learningRateDecay ?? 'exponential',
      apply: (o, v) => (o.learningRateDecay = v as LearningRateDecay),
    },
    {
      name: 'decayExamples',
      label: 'Decay horizon (examples)',
      more: true,
      input: integer(1, Number.MAX_SAFE_INTEGER),
      hint: 'Left as the preset has it, the trainer scales it to the budget (epochs × examples per epoch), as the CLI does without --decay-examples.',
      initial: (d) => d.options.decayExamples,
      apply: (o, v) => (o.decayExamples = v as number),
    },
    {
      name: 'learningRateFinal',
      label: 'Final rate',
      more: true,
      input: decimal(0, undefined, { exclusiveMin: true, emptyMeans: 'no final rate (a cosine decay falls to 0, an exponential one does not decay)' }),
      initial: (d) => d.options.learningRateFinal ?? null,
      apply: (o, v) => (o.learningRateFinal = v as number | null),
    },
    {
      name: 'clipNorm',
      label: 'Clip gradients to norm',
      more: true,
      input: decimal(0, undefined, { exclusiveMin: true, emptyMeans: 'no clipping' }),
      initial: (d) => d.options.clipNorm ?? null,
      apply: (o, v) => (o.clipNorm = v as number | null),
    },
    {
      name: 'carryFraction',
      label: 'Carry fraction',
      more: true,
      input: decimal(0, 1),
      hint: 'Share of training questions drawn with long carry chains (like 99999+1).',
      initial: (d) => d.options.carryFraction,
      apply: (o, v) => (o.carryFraction = v as number),
    },
    {
      name: 'replayFraction',
      label: 'Replay fraction',
      more: true,
      input: decimal(0, 1, { exclusiveMax: true }),
      hint: 'Share of each batch replaying training questions the model got wrong, until it gets them right.',
      initial: (d) => d.options.replayFraction,
      apply: (o, v) => (o.replayFraction = v as number),
    },
    {
      name: 'labelSmoothing',
      label: 'Label smoothing',
      more: true,
      input: decimal(0, 1, { exclusiveMax: true }),
      hint: 'Train towards 1 − this on the right character and this spread over all of them; validation reports the plain loss.',
      initial: (d) => d.options.labelSmoothing,
      apply: (o, v) => (o.labelSmoothing = v as number),
    },
    {
      name: 'evaluateEvery',
      label: 'Evaluate every (examples)',
      more: true,
      input: integer(1, Number.MAX_SAFE_INTEGER, { emptyMeans: 'at epoch ends only' }),
      hint: 'Validation, the target reports and the early stop act at this interval, and at epoch ends.',
      initial: (d) => d.options.evaluateEvery ?? null,
      apply: (o, v) => (o.evaluateEvery = v as number | null),
    },
    {
      name: 'validationSize',
      label: 'Validation size',
      more: true,
      input: integer(1, MAX_VALIDATION_SIZE),
      hint: 'A target is claimed only where it allows 10 wrong answers: 334 questions for 97 %, 1,000 for 99 %, 10,000 for 99.9 %.',
      initial: (d) => d.options.validationSize,
      apply: (o, v) => (o.validationSize = v as number),
    },
    {
      name: 'targetAccuracy',
      label: 'Target accuracy (stop early)',
      more: true,
      input: decimal(0, 1, { emptyMeans: 'never stop early' }),
      hint: 'Stop once this share of the validation questions is answered entirely right.',
      initial: (d) => d.options.targetAccuracy ?? null,
      apply: (o, v) => (o.targetAccuracy = v as number | null),
    },
    { name: 'seed', label: 'Seed', more: true, input: integer(0, MAX_SEED), hint: 'Of the data, the validation set and the initial weights.', initial: (d) => d.options.seed, apply: (o, v) => (o.seed = v as number) },
    {
      // Not 'threads': #train-threads is the line saying what the run uses.
      name: 'threadCount',
      label: 'Threads',
      more: true,
      input: { kind: 'choice', choices: threadChoices },
      hint: 'Threads computing each batch (auto: from the cores and the batch size); more than one needs a cross-origin isolated page.',
      initial: (d) => String(d.options.threads),
      apply: (o, v) => (o.threads = v === 'auto' ? 'auto' : Number(v)),
    },
  ];
}
