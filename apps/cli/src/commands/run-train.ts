import { lstat, mkdir, readdir, readFile, realpath, rename, rm, rmdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { AddrnnError, Codec, DEFAULT_TASK_OPTIONS, OPERATORS, type Operator, type TaskOptions } from '@addrnn/codec';
import { getMetadata, type BackendChoice, type BackendInfo, type ModelOptions } from '@addrnn/model';
import {
  ACCURACY_TARGETS,
  questionsToClaim,
  RunExistsError,
  train,
  TrainingDivergedError,
  type CheckpointInterval,
  type EpochLog,
  type EvaluationLog,
  type TargetReport,
  type TrainerState,
  type TrainOptions,
} from '@addrnn/trainer';
import type { ParsedCommandLine } from '../command-line.js';
import { invocation, shellQuote } from '../invocation.js';
import { keepStdoutForJson, writeJsonLine } from '../json-output.js';
import { describeArchitecture, describeTask } from '../model-description.js';
import { formatCount, formatDuration, formatLoss, formatPercent, formatRate } from '../number-format.js';
import { ProgressReporter } from '../progress-reporter.js';
import { UsageError } from '../usage-error.js';
import { latestRunLink, runsDir } from './train.js';

export async function runTrain(parsed: ParsedCommandLine): Promise<number> {
  const json = parsed.flag('json');
  if (json) keepStdoutForJson();
  // People read stdout unless it is reserved for JSON; the progress bar always goes to stderr.
  const human = json ? process.stderr : process.stdout;
  const say = (line = ''): void => {
    progress.clear();
    human.write(`${line}\n`);
  };
  const progress = new ProgressReporter(process.stderr);
  const resume = parsed.flag('resume');
  const force = parsed.flag('force');
  if (resume && force) {
    throw new UsageError('--resume and --force contradict each other: --resume continues the run in --out, --force replaces it', 'train');
  }
  const cli = invocation();

  const trainOptions = buildTrainOptions(parsed);
  const checkpointInterval = parseCheckpointEvery(parsed.string('checkpoint-every'));
  const givenOut = parsed.string('out');
  const outDir = givenOut ?? (resume ? await newestRun() : await newRunDirectory());

  const controller = new AbortController();
  let stopSignal: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopSignal !== undefined) {
      progress.clear();
      process.stderr.write(`\nStopped at once, without a checkpoint.\n`);
      process.exit(exitStatusOf(signal));
    }
    stopSignal = signal;
    progress.clear();
    process.stderr.write(`\nStopping after this batch and saving a checkpoint (press Ctrl-C again to quit at once)…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // onStart does not say which options a resumed run took from its checkpoint; the progress
  // bar needs two of them before the first epoch ends.
  const saved = resume ? await readSavedState(outDir) : undefined;
  let batchSize = trainOptions.batchSize ?? saved?.options?.batchSize ?? 32;
  let previousExamplesSeen: number | undefined;
  let epochs = trainOptions.epochs ?? saved?.options?.epochs ?? 30;
  let previousElapsed = saved?.history?.[saved.history.length - 1]?.elapsedSeconds;
  let targetsSoFar: TargetReport[] = [];
  let validationQuestions: number | undefined;

  try {
    const result = await train({
      ...trainOptions,
      outDir,
      resume,
      overwrite: force,
      checkpointInterval,
      signal: controller.signal,
      callbacks: {
        onStart({ backend, parameters, resumedFrom, threads, implementation, fallbackReason, validationSize, validationSizeRequested, recovered }) {
          validationQuestions = validationSize;
          for (const action of recovered ?? []) {
            say(`Repaired ${outDir} after an interrupted checkpoint write: ${action}.`);
          }
          if (validationSizeRequested !== undefined) {
            process.stderr.write(
              `Note: the validation split of this task holds only ${formatCount(validationSize)} distinct questions; validating on all of them.\n`,
            );
          }
          if (resumedFrom !== undefined) {
            say(
              `Resuming ${path.join(outDir, 'latest')} after epoch ${resumedFrom}; ` +
                'options not given on the command line are the checkpoint\'s.',
            );
          } else {
            say(`Training ${describeFreshRun(trainOptions)}.`);
          }
          say(`Parameters: ${formatCount(parameters)}`);
          say(`Backend: ${describeBackend(backend)} · ${describeImplementation(implementation)}`);
          if (fallbackReason !== undefined) say(`Note: ${fallbackReason}`);
          say(`Threads: ${threads}${threads > 1 ? ' (each batch split across worker threads, gradients averaged)' : ''}`);
          say(`Run directory: ${outDir}`);
          say(
            `Checkpoints: ${path.join(outDir, 'latest')} (${describeInterval(checkpointInterval)}), ` +
              `${path.join(outDir, 'best')} (best validation)`,
          );
          say();
        },
        onBatchEnd(log) {
          if (previousExamplesSeen !== undefined && log.examplesSeen > previousExamplesSeen) {
            batchSize = log.examplesSeen - previousExamplesSeen;
          }
          previousExamplesSeen = log.examplesSeen;
          progress.update({ ...log, epochs, batchSize });
        },
        onEvaluation(log) {
          targetsSoFar = log.targets;
          // Between epoch ends: a line of its own (an epoch's end prints its summary instead).
          if (!log.atEpochEnd) {
            progress.clear();
            say(evaluationSummary(log));
            if (json) writeJsonLine({ kind: 'evaluation', ...evaluationRecord(log) });
          }
          for (const report of log.targetsReached) say(targetLine(report));
        },
        onEpochEnd(log) {
          epochs = log.epochs;
          if (json) writeJsonLine({ ...epochRecord(log), targets: targetsSoFar });
          const epochSeconds = previousElapsed === undefined ? undefined : log.elapsedSeconds - previousElapsed;
          previousElapsed = log.elapsedSeconds;
          say(epochSummary(log, epochSeconds));
          for (const line of sampleLines(log)) say(line);
          say();
        },
      },
    }).catch((error: unknown) => {
      if (error instanceof TrainingDivergedError) throw divergedInCliTerms(error, outDir);
      if (error instanceof RunExistsError) {
        throw new AddrnnError(
          error.code,
          `${outDir} already holds a training run; a new run there would overwrite its checkpoints. ` +
            `Continue it with: ${cli} train --resume${outFlag(outDir)}; replace it with --force; ` +
            `or leave out --out to start a new run in ${path.join(runsDir, 'run-NNN')}.`,
          { cause: error },
        );
      }
      throw error;
    });
    progress.clear();

    const best = path.join(outDir, 'best');
    const latest = path.join(outDir, 'latest');
    const last = result.history[result.history.length - 1];
    if (result.stoppedBecause === 'aborted') {
      say(
        `Interrupted${last ? ` after epoch ${last.epoch}` : ''}${result.examplesSeen > (last?.examplesSeen ?? 0) ? ' and part of the next' : ''}. ` +
          `Checkpoint: ${latest}`,
      );
      say(`Resume with: ${cli} train --resume${outFlag(outDir)}`);
      result.model.dispose();
      return exitStatusOf(stopSignal ?? 'SIGINT');
    }
    if (result.stoppedBecause === 'target') {
      say(
        `Reached the target --target-accuracy ${trainOptions.targetAccuracy}: validation exact match ` +
          `${formatPercent(Math.max(last?.validation.exactMatch ?? 0, ...result.targets.map((t) => t.exactMatch)))} after ` +
          `${formatCount(result.examplesSeen)} examples.`,
      );
    } else {
      say(`Finished ${last?.epoch ?? epochs} epochs in ${formatDuration(last?.elapsedSeconds ?? 0)}.`);
    }
    say(describeTargets(result.targets, result.history, validationQuestions));
    const metadata = getMetadata(result.model);
    say(`Model: ${describeArchitecture(metadata.architecture)}, ${describeTask(metadata.codec)}`);
    say(
      `Saved: ${best} (best, epoch ${result.best.epoch}, validation exact match ${formatPercent(result.best.exactMatch)})`,
    );
    say(`       ${latest} (last epoch, resumable)`);
    say();
    say('Use it:');
    say(`  ${cli} predict --model ${shellQuote(best)} ${exampleQuestion(metadata.codec)}`);
    say(`  ${cli} eval --model ${shellQuote(best)} --hard`);
    say(`  ${cli} info --model ${shellQuote(best)}`);
    say(`Train further: ${cli} train --resume${outFlag(outDir)} --epochs ${(last?.epoch ?? epochs) + 10}`);
    result.model.dispose();
    return 0;
  } catch (error) {
    // A new run that failed before its first checkpoint leaves no empty run directory behind.
    if (givenOut === undefined && !resume) await rmdir(outDir).catch(() => undefined);
    throw error;
  } finally {
    progress.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The flags the user gave, as trainer options; anything not given stays unset (resume keeps the checkpoint's). */
function buildTrainOptions(parsed: ParsedCommandLine): Omit<TrainOptions, 'outDir' | 'resume' | 'signal' | 'callbacks'> {
  const task: TaskOptions = {};
  const digits = parsed.number('digits');
  if (digits !== undefined) task.digits = digits;
  const operators = parsed.string('operators');
  if (operators !== undefined) task.operators = parseOperators(operators);
  if (parsed.flag('reverse-answer')) task.reverseAnswer = true;
  if (parsed.flag('no-reverse-question')) task.reverseQuestion = false;

  const model: Omit<ModelOptions, 'codec'> = {};
  const cell = parsed.string('cell');
  if (cell !== undefined) model.cell = cell as NonNullable<ModelOptions['cell']>;
  const hidden = parsed.number('hidden');
  if (hidden !== undefined) model.hiddenSize = hidden;
  const encoderLayers = parsed.number('encoder-layers');
  if (encoderLayers !== undefined) model.encoderLayers = encoderLayers;
  const decoderLayers = parsed.number('decoder-layers');
  if (decoderLayers !== undefined) model.decoderLayers = decoderLayers;
  const dropout = parsed.number('dropout');
  if (dropout !== undefined) model.dropout = dropout;
  const implementation = parsed.string('implementation');
  if (implementation !== undefined) model.implementation = implementation as NonNullable<ModelOptions['implementation']>;

  const options: Omit<TrainOptions, 'outDir' | 'resume' | 'signal' | 'callbacks'> = {};
  if (Object.keys(task).length > 0) options.task = task;
  if (Object.keys(model).length > 0) options.model = model;
  const numbers = [
    ['batch-size', 'batchSize'],
    ['epochs', 'epochs'],
    ['examples-per-epoch', 'examplesPerEpoch'],
    ['lr', 'learningRate'],
    ['lr-final', 'learningRateFinal'],
    ['decay-examples', 'decayExamples'],
    ['clip-norm', 'clipNorm'],
    ['carry-fraction', 'carryFraction'],
    ['validation-size', 'validationSize'],
    ['evaluate-every', 'evaluateEvery'],
    ['seed', 'seed'],
    ['target-accuracy', 'targetAccuracy'],
  ] as const;
  for (const [flag, key] of numbers) {
    const value = parsed.number(flag);
    if (value !== undefined) options[key] = value;
  }
  const backend = parsed.string('backend');
  if (backend !== undefined) options.backend = backend as BackendChoice;
  const threads = parsed.string('threads');
  if (threads !== undefined) {
    if (threads !== 'auto' && !/^[1-9]\d*$/.test(threads)) {
      throw new UsageError(`--threads takes a positive whole number or auto, got "${threads}"`, 'train');
    }
    options.threads = threads === 'auto' ? 'auto' : Number(threads);
  }
  if (options.decayExamples !== undefined && options.learningRateFinal === undefined) {
    throw new UsageError('--decay-examples needs --lr-final, the rate to decay to', 'train');
  }
  return options;
}

/** `+-`, `+,-` or `"+ -"`: each operator once. */
function parseOperators(text: string): Operator[] {
  const operators: Operator[] = [];
  for (const character of text.replace(/[\s,]/g, '')) {
    if (!(OPERATORS as readonly string[]).includes(character)) {
      throw new UsageError(
        `--operators takes the characters ${OPERATORS.join(' ')}, got "${text}" (unknown "${character}")`,
        'train',
      );
    }
    if (operators.includes(character as Operator)) {
      throw new UsageError(`--operators lists "${character}" twice in "${text}"`, 'train');
    }
    operators.push(character as Operator);
  }
  if (operators.length === 0) throw new UsageError('--operators needs at least one of + - *', 'train');
  return operators;
}

function describeFreshRun(options: Omit<TrainOptions, 'outDir' | 'resume' | 'signal' | 'callbacks'>): string {
  const task = { ...DEFAULT_TASK_OPTIONS, ...options.task };
  const model = options.model ?? {};
  const epochs = options.epochs ?? 30;
  const perEpoch = options.examplesPerEpoch ?? 50_000;
  return (
    `${describeArchitecture({
      cell: model.cell ?? 'lstm',
      hiddenSize: model.hiddenSize ?? 128,
      encoderLayers: model.encoderLayers ?? 1,
      decoderLayers: model.decoderLayers ?? 1,
      dropout: model.dropout ?? 0,
    })} on ${describeTask(task)}: ${epochs} epochs of ${formatCount(perEpoch)} examples, ` +
    `batch ${options.batchSize ?? 32}, learning rate ${formatRate(options.learningRate ?? 0.001)}` +
    (options.learningRateFinal === undefined ? '' : ` decaying to ${formatRate(options.learningRateFinal)}`) +
    (options.carryFraction ? `, ${Math.round(options.carryFraction * 1000) / 10}% of questions with long carry chains` : '')
  );
}

function describeBackend(info: BackendInfo): string {
  const skipped = info.skipped.map((entry) => `${entry.name}: ${oneLine(entry.reason)}`);
  return `${info.name}${info.requested === 'auto' ? ' (auto)' : ''}${skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : ''}`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** The object `--json` prints per epoch. */
function epochRecord(log: EpochLog): Record<string, unknown> {
  return {
    epoch: log.epoch,
    epochs: log.epochs,
    loss: log.loss,
    charAccuracy: log.charAccuracy,
    exactMatch: log.exactMatch,
    validation: {
      loss: log.validation.loss,
      charAccuracy: log.validation.charAccuracy,
      exactMatch: log.validation.exactMatch,
    },
    samplesPerSecond: log.samplesPerSecond,
    learningRate: log.learningRate,
    examplesSeen: log.examplesSeen,
    elapsedSeconds: log.elapsedSeconds,
    backend: log.backend,
  };
}

function epochSummary(log: EpochLog, epochSeconds: number | undefined): string {
  const width = String(log.epochs).length;
  return [
    `Epoch ${String(log.epoch).padStart(width)}/${log.epochs}`,
    `loss ${formatLoss(log.loss)}  char ${formatPercent(log.charAccuracy)}  exact ${formatPercent(log.exactMatch)}`,
    `val loss ${formatLoss(log.validation.loss)}  char ${formatPercent(log.validation.charAccuracy)}  exact ${formatPercent(log.validation.exactMatch)}`,
    `${formatCount(log.samplesPerSecond)} ex/s  lr ${formatRate(log.learningRate)}  ` +
      `${epochSeconds === undefined ? '' : `${formatDuration(epochSeconds)}, `}total ${formatDuration(log.elapsedSeconds)}`,
  ].join(' │ ');
}

/** Keras style: `Q 535+61  T 596  ✓ 596`. */
function sampleLines(log: EpochLog): string[] {
  const questionWidth = Math.max(0, ...log.samples.map((sample) => sample.question.length));
  const answerWidth = Math.max(0, ...log.samples.map((sample) => sample.expected.length));
  return log.samples.map(
    (sample) =>
      `  Q ${sample.question.padEnd(questionWidth)}  T ${sample.expected.padEnd(answerWidth)}  ` +
      `${sample.correct ? '✓' : '✗'} ${sample.predicted}`,
  );
}

function exampleQuestion(codec: { digits: number; operators: readonly string[] }): string {
  const left = '535'.slice(0, codec.digits);
  const right = '61'.slice(0, codec.digits);
  const operator = codec.operators[0] ?? '+';
  return shellQuote(`${left}${operator}${right}`);
}

function outFlag(outDir: string): string {
  return ` --out ${shellQuote(outDir)}`;
}

/** `--checkpoint-every`: `90s`, `2m`, `100000` (examples) or `epoch`; unset: the trainer's default (1 minute). */
function parseCheckpointEvery(text: string | undefined): CheckpointInterval | false | undefined {
  if (text === undefined) return undefined;
  if (text === 'epoch') return false;
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text.trim());
  const value = match ? Number(match[1]) : Number.NaN;
  if (!match || !(value > 0) || (match[2] === undefined && !Number.isInteger(value))) {
    throw new UsageError(
      `--checkpoint-every takes seconds (90s), minutes (2m), a whole number of examples (100000) or "epoch", got "${text}"`,
      'train',
    );
  }
  if (match[2] === 's') return { seconds: value };
  if (match[2] === 'm') return { seconds: value * 60 };
  return { examples: value };
}

function describeInterval(interval: CheckpointInterval | false | undefined): string {
  if (interval === false) return 'every epoch';
  const { seconds, examples } = interval ?? { seconds: 60 };
  if (examples !== undefined) return `every ${formatCount(examples)} examples and every epoch`;
  if (seconds !== undefined) return `every ${seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`} and every epoch`;
  return 'every epoch';
}

/**
 * Makes `runs/run-NNN`, one past the highest number there, and points `runs/latest` at it.
 * mkdir without `recursive` fails if another run took the number first; then the next one.
 */
async function newRunDirectory(): Promise<string> {
  await mkdir(runsDir, { recursive: true });
  const numbers = (await readdir(runsDir))
    .map((entry) => /^run-(\d+)$/.exec(entry)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number);
  for (let number = Math.max(0, ...numbers) + 1; ; number += 1) {
    const name = `run-${String(number).padStart(3, '0')}`;
    try {
      await mkdir(path.join(runsDir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    await pointLatestAt(name);
    return path.join(runsDir, name);
  }
}

/** Replaces the `runs/latest` link by rename; leaves alone a real directory there (an older version's run). */
async function pointLatestAt(name: string): Promise<void> {
  const temporary = path.join(runsDir, `.latest-${process.pid}`);
  try {
    await rm(temporary, { force: true });
    await symlink(name, temporary);
    await rename(temporary, latestRunLink);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    process.stderr.write(
      `Note: ${latestRunLink} was not pointed at ${name} (${(error as Error).message}); ` +
        `name the run with --out ${path.join(runsDir, name)} to resume it.\n`,
    );
  }
}

/** The run `--resume` without `--out` continues: where `runs/latest` points. */
async function newestRun(): Promise<string> {
  const entry = await lstat(latestRunLink).catch(() => undefined);
  if (entry === undefined) {
    throw new UsageError(`--resume without --out continues the newest run, ${latestRunLink}, and there is none; name the run with --out DIR`, 'train');
  }
  if (!entry.isSymbolicLink()) return latestRunLink; // a run an older version wrote there
  return path.relative(process.cwd(), await realpath(latestRunLink)) || '.';
}

/** The trainer's message names API options; say it with the flags a CLI user types. */
function divergedInCliTerms(error: TrainingDivergedError, outDir: string): AddrnnError {
  const where = error.batch > 0 ? `epoch ${error.epoch}, batch ${error.batch}` : `validation after epoch ${error.epoch}`;
  return new AddrnnError(
    error.code,
    `training diverged: the loss became ${error.loss} at ${where} (learning rate ${formatRate(error.learningRate)}). ` +
      `Try a lower --lr (e.g. ${formatRate(error.learningRate / 10)}) or --clip-norm 1. ` +
      `The checkpoints in ${outDir} were left as they were.`,
    { cause: error },
  );
}

/** 128 + the signal's number, as shells report a process killed by it. */
function exitStatusOf(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : 130;
}

/** The parts of the trainer's checkpoint state the CLI reads, if it can be read. */
async function readSavedState(
  outDir: string,
): Promise<Partial<Pick<TrainerState, 'options' | 'history'>> | undefined> {
  try {
    const state = JSON.parse(await readFile(path.join(outDir, 'latest', 'trainer-state.json'), 'utf8')) as unknown;
    if (typeof state !== 'object' || state === null) return undefined;
    const { options, history } = state as Partial<TrainerState>;
    return {
      ...(typeof options === 'object' && options !== null ? { options } : {}),
      ...(Array.isArray(history) ? { history } : {}),
    };
  } catch {
    return undefined; // the trainer reports a missing or broken checkpoint in its own words
  }
}

/** The start line's name for what computes the training steps. */
function describeImplementation(implementation: string): string {
  if (implementation === 'kernel') return 'kernel: WebAssembly SIMD (forward, backpropagation through time and loss in one kernel)';
  if (implementation === 'fused') return 'kernel: none (fused tfjs operations)';
  return 'kernel: none (stock tfjs-layers autodiff; the kernel and the fused step compute one LSTM encoder and one decoder layer without dropout)';
}

/** One line for an evaluation between epoch ends. */
function evaluationSummary(log: EvaluationLog): string {
  const v = log.validation;
  return `Validation at ${formatCount(log.examplesSeen)} examples │ loss ${v.loss.toFixed(4)}  char ${formatPercent(v.charAccuracy)}  exact ${formatPercent(v.exactMatch)} │ ${formatDuration(log.elapsedSeconds)}`;
}

/** The object `--json` prints for an evaluation between epoch ends (`kind: 'evaluation'`). */
function evaluationRecord(log: EvaluationLog): Record<string, unknown> {
  return { epoch: log.epoch, examplesSeen: log.examplesSeen, elapsedSeconds: log.elapsedSeconds, validation: log.validation, validationSize: log.validationSize, targets: log.targets };
}

/** The line printed when a run first passes an accuracy target. */
function targetLine(report: TargetReport): string {
  return `Reached ${formatTarget(report.accuracy)} whole answers (${formatPercent(report.exactMatch)} of ${formatCount(report.validationSize)} validation questions) after ${formatCount(report.examplesSeen)} examples, ${formatDuration(report.elapsedSeconds)}.`;
}

function formatTarget(accuracy: number): string {
  return `${Number((accuracy * 100).toFixed(1))}%`;
}

/** The summary's line on the accuracy targets: when each was passed, or why it is not claimed. */
function describeTargets(reached: readonly TargetReport[], history: readonly EpochLog[], validationSize: number | undefined): string {
  const size = reached[0]?.validationSize ?? validationSize ?? 2_000;
  const parts = ACCURACY_TARGETS.map((accuracy) => {
    const report = reached.find((r) => r.accuracy === accuracy);
    if (report) return `${formatTarget(accuracy)} after ${formatCount(report.examplesSeen)} examples (${formatDuration(report.elapsedSeconds)})`;
    if (size < questionsToClaim(accuracy)) return `${formatTarget(accuracy)} not claimed (needs ${formatCount(questionsToClaim(accuracy))} validation questions)`;
    return `${formatTarget(accuracy)} not reached`;
  });
  const best = Math.max(0, ...history.map((log) => log.validation.exactMatch));
  return `Targets: ${parts.join(', ')}; best validation exact match ${formatPercent(best)}.`;
}
