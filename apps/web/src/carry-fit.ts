import { createRandom, type Random } from '@addrnn/dataset';
import type { Adder } from '@addrnn/model';
import { fitReadout, probeSamples, scoreReadout, scoreReadouts, type ColumnTarget, type ProbeSamples, type Readout, type ReadoutScore } from './carry-probe.js';
import { columnStates, type ColumnStates, type StatePass } from './carry-states.js';

/** Questions a probe is fitted or scored on: seeded, so every visit fits the same probe. */
export interface QuestionSet {
  seed: number;
  count: number;
  minDigits: number;
  maxDigits: number;
  /** One question whose operands have about `digits` digits. */
  draw(random: Random, digits: number): string;
  /** Questions added after the drawn ones (long chains, for the held-out sets). */
  chains?: readonly string[];
}

/**
 * Cases in which a pass may hold its target in different places, one readout fitted per case:
 * the signed model's digits pass holds the borrow of `a - b` (given `+`) and of `b - a` (given
 * `-`) in two different directions.
 */
export interface ProbeCases {
  /** One name per case: "given +". */
  names: readonly string[];
  /** The case of each question, from what the model itself was given (its own sign). */
  of(adder: Adder, questions: readonly string[]): number[];
}

/** What a probe reads, from which pass, fitted on which questions and scored on which others. */
export interface ProbeTask {
  pass: StatePass;
  target: ColumnTarget;
  training: QuestionSet;
  heldOut: QuestionSet;
  cases?: ProbeCases;
}

/** The readouts of one case, and how each reads that case's held-out columns. */
export interface CaseProbe {
  /** The case's name; '' for a task without cases. */
  name: string;
  /** The readout the view shows: the unit, or the direction when it reads the training columns better. */
  chosen: Readout;
  unit: Readout;
  direction: Readout;
  heldOut: { chosen: ReadoutScore; unit: ReadoutScore; direction: ReadoutScore };
  training: { columns: number };
}

export interface Probe {
  /** One per case of the task, in its order (one alone without cases). */
  cases: CaseProbe[];
  /** The chosen readouts together (each question read by its case's) on the held-out questions. */
  heldOut: ReadoutScore & { questions: number };
  training: { questions: number; columns: number };
}

/** The questions of a set, from its seed. */
export function questionsOf(set: QuestionSet): string[] {
  const random = createRandom(set.seed);
  const drawn = Array.from({ length: set.count }, () => set.draw(random, set.minDigits + random.integer(set.maxDigits - set.minDigits + 1)));
  return [...drawn, ...(set.chains ?? [])];
}

/** The case of each question (all 0 without cases). */
export function casesOf(adder: Adder, task: ProbeTask, questions: readonly string[]): number[] {
  return task.cases ? task.cases.of(adder, questions) : questions.map(() => 0);
}

/** The samples of each case: the states of its questions, with the target. */
function samplesByCase(adder: Adder, task: ProbeTask, questions: readonly string[]): { states: ColumnStates[]; samples: ProbeSamples }[] {
  const cases = casesOf(adder, task, questions);
  const states = columnStates(adder, questions, task.pass);
  return (task.cases?.names ?? ['']).map((_, index) => {
    const own = states.filter((_, item) => cases[item] === index);
    return { states: own, samples: probeSamples(own, task.target) };
  });
}

/** Fits a unit and a direction per case on the training questions' states and scores them on the held-out ones. */
export function fitProbe(adder: Adder, task: ProbeTask): Probe {
  const trainingQuestions = questionsOf(task.training);
  const heldOutQuestions = questionsOf(task.heldOut);
  const training = samplesByCase(adder, task, trainingQuestions);
  const heldOut = samplesByCase(adder, task, heldOutQuestions);
  const cases = training.map(({ states, samples }, index): CaseProbe => {
    const { chosen, unit, direction } = fitReadout(samples, states[0]?.names ?? []);
    const own = heldOut[index]!.samples;
    return {
      name: task.cases?.names[index] ?? '',
      chosen,
      unit,
      direction,
      heldOut: { chosen: scoreReadout(chosen, own), unit: scoreReadout(unit, own), direction: scoreReadout(direction, own) },
      training: { columns: samples.count },
    };
  });
  return {
    cases,
    heldOut: { ...scoreReadouts(cases.map((probe, index) => ({ readout: probe.chosen, samples: heldOut[index]!.samples }))), questions: heldOutQuestions.length },
    training: { questions: trainingQuestions.length, columns: training.reduce((total, { samples }) => total + samples.count, 0) },
  };
}
