import { DEFAULT_TASK_OPTIONS } from '@addrnn/codec';
import type { BackendInfo } from '@addrnn/model';
import {
  ACCURACY_TARGETS,
  learningRateAt,
  questionsToClaim,
  type CheckpointInterval,
  type EpochLog,
  type EvaluationLog,
  type ResolvedTrainOptions,
  type ScheduleScaling,
  type TargetReport,
} from '@addrnn/trainer';
import { describeArchitecture, describeTask } from '../model-description.js';
import { shellQuote } from '../invocation.js';
import { formatCount, formatDuration, formatLoss, formatPercent, formatRate } from '../number-format.js';

// What `addrnn train` prints: one function a line or record.

/**
 * The start line of a run: the model, the task and the recipe, as resolved by the trainer, and
 * whether the preset's schedule was scaled down to a shorter budget.
 */
export function describeRun(options: ResolvedTrainOptions, scheduleScaled?: ScheduleScaling): string {
  const task = { ...DEFAULT_TASK_OPTIONS, ...options.task };
  const model = options.model;
  // Epochs are whole batches.
  const perEpoch = Math.ceil(options.examplesPerEpoch / options.batchSize) * options.batchSize;
  const budget = options.epochs * perEpoch;
  const scaling = scheduleScaled === undefined ? undefined : describeScaling(scheduleScaled, options);
  const schedule = `${describeSchedule(options)}${scaling === undefined ? '' : ` (${scaling})`}`;
  const levers = [
    options.clipNorm === undefined ? undefined : `gradients clipped to norm ${options.clipNorm}`,
    options.carryFraction > 0
      ? `${Math.round(options.carryFraction * 1000) / 10}% of questions ${task.operators.includes('*') ? 'of large or repeated digits' : 'with long carry chains'}`
      : undefined,
    options.replayFraction > 0 ? `${Math.round(options.replayFraction * 1000) / 10}% of each batch replaying questions it got wrong` : undefined,
    (options.labelSmoothing ?? 0) > 0 ? `label smoothing ${options.labelSmoothing} (training loss smoothed, validation loss plain)` : undefined,
    options.distribution === 'uniform' ? 'operands drawn uniformly (mostly full length)' : undefined,
    options.targetAccuracy === undefined ? undefined : `stop at ${formatPercent(options.targetAccuracy)} of ${formatCount(options.validationSize)} validation questions`,
  ].filter((part) => part !== undefined);
  return (
    `${describeArchitecture({
      family: model.family,
      cell: model.cell ?? 'lstm',
      hiddenSize: model.hiddenSize ?? 128,
      encoderLayers: model.encoderLayers ?? 1,
      decoderLayers: model.decoderLayers ?? 1,
      dropout: model.dropout ?? 0,
      ...(model.embeddingSize === undefined ? {} : { embeddingSize: model.embeddingSize }),
    })} on ${describeTask(task)}` +
    `${options.preset === undefined ? '' : ` (preset ${options.preset})`}: ` +
    `up to ${options.epochs} epochs of ${formatCount(perEpoch)} examples (${formatCount(budget)}), ` +
    `batch ${options.batchSize}, ${schedule}${levers.length > 0 ? `, ${levers.join(', ')}` : ''}`
  );
}

function describeSchedule(options: ResolvedTrainOptions): string {
  const warmup = options.warmupExamples ? `, warm-up over ${formatCount(options.warmupExamples)} examples` : '';
  const final = learningRateAt(options.decayExamples, options);
  if (final === options.learningRate) return `learning rate ${formatRate(options.learningRate)}${warmup}`;
  return (
    `learning rate ${formatRate(options.learningRate)} decaying (${options.learningRateDecay ?? 'exponential'}) to ` +
    `${formatRate(final)} over ${formatCount(options.decayExamples)} examples${warmup}`
  );
}

/** "preset schedule scaled to the 80,000-example budget: warm-up 100,000 → 2,000, decay 4,000,000 → 80,000" */
function describeScaling(scaling: ScheduleScaling, options: ResolvedTrainOptions): string | undefined {
  const { warmupExamples, decayExamples } = scaling.preset;
  // A constant rate has no decay to speak of.
  const decays = learningRateAt(options.decayExamples, options) !== options.learningRate;
  const changes = [
    warmupExamples === undefined ? undefined : `warm-up ${formatCount(warmupExamples)} → ${formatCount(options.warmupExamples ?? 0)}`,
    decayExamples === undefined || !decays ? undefined : `decay ${formatCount(decayExamples)} → ${formatCount(options.decayExamples)}`,
  ].filter((part) => part !== undefined);
  if (changes.length === 0) return undefined;
  return `preset schedule scaled to the ${formatCount(scaling.budget)}-example budget: ${changes.join(', ')}`;
}

/**
 * "wasm (auto; tfjs-node not installed)": the backend, and why faster ones did not start. A
 * backend that is not installed needs no error (its detail, which names paths, is for DEBUG).
 */
export function describeBackend(info: BackendInfo): string {
  const notes = info.requested === 'auto' ? ['auto'] : [];
  for (const entry of info.skipped) {
    notes.push(entry.notInstalled ? `${backendPackage(entry.name)} not installed` : `skipped ${entry.name}: ${oneLine(entry.reason)}`);
  }
  return `${info.name}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** With DEBUG=addrnn: the load errors `describeBackend` leaves out, one line each. */
export function backendDetails(info: BackendInfo): string[] {
  return info.skipped.flatMap((entry) =>
    entry.detail === undefined ? [] : [`Debug: ${backendPackage(entry.name)} did not load: ${entry.detail}`],
  );
}

function backendPackage(name: string): string {
  return name === 'node' ? 'tfjs-node' : `the ${name} backend`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** The object `--json` prints per epoch. */
export function epochRecord(log: EpochLog): Record<string, unknown> {
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

export function epochSummary(log: EpochLog, epochSeconds: number | undefined): string {
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
export function sampleLines(log: EpochLog): string[] {
  const questionWidth = Math.max(0, ...log.samples.map((sample) => sample.question.length));
  const answerWidth = Math.max(0, ...log.samples.map((sample) => sample.expected.length));
  return log.samples.map(
    (sample) =>
      `  Q ${sample.question.padEnd(questionWidth)}  T ${sample.expected.padEnd(answerWidth)}  ` +
      `${sample.correct ? '✓' : '✗'} ${sample.predicted}`,
  );
}

export function outFlag(outDir: string): string {
  return ` --out ${shellQuote(outDir)}`;
}

export function describeInterval(interval: CheckpointInterval | false | undefined): string {
  if (interval === false) return 'every epoch';
  const { seconds, examples } = interval ?? { seconds: 60 };
  if (examples !== undefined) return `every ${formatCount(examples)} examples and every epoch`;
  if (seconds !== undefined) return `every ${seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`} and every epoch`;
  return 'every epoch';
}

/** The start line's name for what computes the training steps. */
export function describeImplementation(implementation: string): string {
  if (implementation === 'kernel') return 'kernel: WebAssembly SIMD (forward, backpropagation through time and loss in one kernel)';
  if (implementation === 'fused') return 'kernel: none (fused tfjs operations)';
  return 'kernel: none (stock tfjs-layers autodiff; the kernel and the fused step compute one LSTM encoder and one decoder layer without dropout)';
}

/** One line for an evaluation between epoch ends. */
export function evaluationSummary(log: EvaluationLog): string {
  const v = log.validation;
  return `Validation at ${formatCount(log.examplesSeen)} examples │ loss ${v.loss.toFixed(4)}  char ${formatPercent(v.charAccuracy)}  exact ${formatPercent(v.exactMatch)} │ ${formatDuration(log.elapsedSeconds)}`;
}

/** The object `--json` prints for an evaluation between epoch ends (`kind: 'evaluation'`). */
export function evaluationRecord(log: EvaluationLog): Record<string, unknown> {
  return { epoch: log.epoch, examplesSeen: log.examplesSeen, elapsedSeconds: log.elapsedSeconds, validation: log.validation, validationSize: log.validationSize, targets: log.targets };
}

/** The line printed when a run first passes an accuracy target. */
export function targetLine(report: TargetReport): string {
  return `Reached ${formatTarget(report.accuracy)} whole answers (${formatPercent(report.exactMatch)} of ${formatCount(report.validationSize)} validation questions) after ${formatCount(report.examplesSeen)} examples, ${formatDuration(report.elapsedSeconds)}.`;
}

function formatTarget(accuracy: number): string {
  return `${Number((accuracy * 100).toFixed(1))}%`;
}

/** The summary's line on the accuracy targets: when each was passed, or why it is not claimed. */
export function describeTargets(reached: readonly TargetReport[], best: number, validationSize: number | undefined): string {
  const size = reached[0]?.validationSize ?? validationSize ?? 2_000;
  const parts = ACCURACY_TARGETS.map((accuracy) => {
    const report = reached.find((r) => r.accuracy === accuracy);
    if (report) return `${formatTarget(accuracy)} after ${formatCount(report.examplesSeen)} examples (${formatDuration(report.elapsedSeconds)})`;
    if (size < questionsToClaim(accuracy)) return `${formatTarget(accuracy)} not claimed (needs ${formatCount(questionsToClaim(accuracy))} validation questions)`;
    return `${formatTarget(accuracy)} not reached`;
  });
  return `Targets: ${parts.join(', ')}; best validation exact match ${formatPercent(best)}.`;
}
