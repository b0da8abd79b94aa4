import path from 'node:path';
import { AddrnnError } from '@addrnn/codec';
import { familyOf, getMetadata } from '@addrnn/model';
import { RunExistsError, train, TrainingDivergedError, type ResolvedTrainOptions, type TargetReport } from '@addrnn/trainer';
import type { ParsedCommandLine } from '../command-line.js';
import { debugEnabled } from '../debug.js';
import { cliFamily } from '../families/index.js';
import { invocation, shellQuote } from '../invocation.js';
import { keepStdoutForJson, writeJsonLine } from '../json-output.js';
import { describeArchitecture, describeTask } from '../model-description.js';
import { formatCount, formatDuration, formatPercent, formatRate } from '../number-format.js';
import { ProgressReporter } from '../progress-reporter.js';
import { UsageError } from '../usage-error.js';
import { discardEmptyRun, newestRun, newRunDirectory, runsDir } from './run-directories.js';
import { buildTrainOptions, parseCheckpointEvery } from './flags-to-options.js';
import {
  backendDetails,
  describeBackend,
  describeImplementation,
  describeInterval,
  describeRun,
  describeTargets,
  epochRecord,
  epochSummary,
  evaluationRecord,
  evaluationSummary,
  outFlag,
  sampleLines,
  targetLine,
} from './train-report.js';

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

  // The options the trainer resolved (preset, or the checkpoint's on resume), from onStart.
  let resolved: ResolvedTrainOptions | undefined;
  let previousElapsed: number | undefined;
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
        onStart({ options, resumed, scheduleScaled, backend, parameters, threads, implementation, fallbackReason, validationSize, validationSizeRequested, recovered, staleLock }) {
          resolved = options;
          validationQuestions = validationSize;
          previousElapsed = resumed?.elapsedSeconds;
          if (staleLock !== undefined) {
            say(`Took over ${staleLock.file} from process ${staleLock.pid}, which held it since ${staleLock.startedAt} and is no longer running.`);
          }
          for (const action of recovered ?? []) {
            say(`Repaired ${outDir} after an interrupted checkpoint write: ${action}.`);
          }
          if (validationSizeRequested !== undefined) {
            process.stderr.write(
              `Note: the validation split of this task holds only ${formatCount(validationSize)} distinct questions; validating on all of them.\n`,
            );
          }
          if (resumed !== undefined) {
            say(
              `Resuming ${path.join(outDir, 'latest')} after epoch ${resumed.epoch} (${formatCount(resumed.examplesSeen)} examples); ` +
                'options not given on the command line are the checkpoint\'s.',
            );
          }
          say(`${resumed === undefined ? 'Training' : 'Run'}: ${describeRun(options, scheduleScaled)}.`);
          say(`Parameters: ${formatCount(parameters)}`);
          say(`Backend: ${describeBackend(backend)} · ${describeImplementation(implementation)}`);
          if (debugEnabled()) for (const line of backendDetails(backend)) process.stderr.write(`${line}\n`);
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
          progress.update({ ...log, epochs: resolved?.epochs ?? log.epoch });
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
    const epochs = last?.epoch ?? resolved?.epochs ?? 0;
    if (result.stoppedBecause === 'target') {
      say(
        `Reached the target accuracy ${formatPercent(resolved?.targetAccuracy ?? 0)}: validation exact match ` +
          `${formatPercent(Math.max(last?.validation.exactMatch ?? 0, ...result.targets.map((t) => t.exactMatch)))} after ` +
          `${formatCount(result.examplesSeen)} examples, in ${formatDuration(result.elapsedSeconds)}.`,
      );
    } else {
      say(
        `Finished ${epochs} epochs (${formatCount(result.examplesSeen)} examples, the budget) in ${formatDuration(result.elapsedSeconds)}` +
          `${resolved?.targetAccuracy === undefined ? '' : `, short of the target accuracy ${formatPercent(resolved.targetAccuracy)}`}.`,
      );
    }
    say(describeTargets(result.targets, result.best.exactMatch, validationQuestions));
    const metadata = getMetadata(result.model);
    say(`Model: ${describeArchitecture(metadata.architecture)}, ${describeTask(metadata.codec)}`);
    say(
      `Saved: ${best} (best, ${result.stoppedBecause === 'target' && result.best.epoch > (last?.epoch ?? 0) ? `${formatCount(result.examplesSeen)} examples` : `epoch ${result.best.epoch}`}, validation exact match ${formatPercent(result.best.exactMatch)})`,
    );
    say(`       ${latest} (last epoch, resumable)`);
    say();
    say('Use it:');
    // The example question and the eval flags that suit the model are its family's (see families/).
    const family = cliFamily(familyOf(metadata.architecture));
    say(`  ${cli} predict --model ${shellQuote(best)} ${family.exampleQuestion(metadata.codec)}`);
    say(`  ${cli} eval --model ${shellQuote(best)}${family.evalFlags(metadata.codec)}`);
    say(`  ${cli} info --model ${shellQuote(best)}`);
    say(`Train further: ${cli} train --resume${outFlag(outDir)} --epochs ${epochs + 10}`);
    result.model.dispose();
    return 0;
  } catch (error) {
    // A new run that failed before its first checkpoint leaves no empty run directory behind.
    if (givenOut === undefined && !resume) await discardEmptyRun(outDir);
    throw error;
  } finally {
    progress.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
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
