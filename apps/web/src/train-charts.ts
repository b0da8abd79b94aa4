import type { EpochLog, EvaluationLog } from '@addrnn/trainer';
import { element } from './dom.js';
import { createLineChart, type Point } from './line-chart.js';

const idle = 'Start a training run to see its progress.';
const waiting = 'Waiting for the first evaluation…';
const waitingForBatches = 'Waiting for the first batches…';

/** The Train view's three charts, against training examples seen. */
export interface TrainCharts {
  /** The charts' container (`div.charts`). */
  element: HTMLElement;
  /** Empties every chart; `running` picks the text they show until points arrive. */
  reset(running: boolean): void;
  /** A point of the moving average of batch losses (the loss chart's 'batches' line). */
  addBatchLoss(examplesSeen: number, smoothedLoss: number): void;
  /** A validation evaluation: a point on each chart's 'validation' line. */
  addEvaluation(log: EvaluationLog): void;
  /** An epoch's training metrics: a point on each chart's 'training (epoch)' line. */
  addEpoch(log: EpochLog): void;
}

interface MetricPoints {
  loss: Point[];
  charAccuracy: Point[];
  exactMatch: Point[];
}

const noPoints = (): MetricPoints => ({ loss: [], charAccuracy: [], exactMatch: [] });

export function createTrainCharts(): TrainCharts {
  const training = { name: 'training (epoch)', className: 'series-train' };
  const validation = { name: 'validation', className: 'series-validation' };
  const asPercent = (value: number) => `${Math.round(value * 100)}%`;
  const lossChart = createLineChart({
    title: 'Loss (cross-entropy)',
    // The epoch line stays first: the browser tests read the first path as one point per epoch.
    series: [training, validation, { name: 'batches (average)', className: 'series-batch', dots: false }],
    formatY: (value) => value.toFixed(2),
    placeholder: idle,
  });
  const charChart = createLineChart({ title: 'Per-character accuracy', series: [training, validation], yDomain: [0, 1], formatY: asPercent, placeholder: idle });
  const exactChart = createLineChart({ title: 'Whole-answer accuracy', series: [training, validation], yDomain: [0, 1], formatY: asPercent, placeholder: idle });
  lossChart.element.id = 'chart-loss';
  charChart.element.id = 'chart-char-accuracy';
  exactChart.element.id = 'chart-exact-match';

  let epochs = noPoints();
  let evaluations = noPoints();
  let batchLoss: Point[] = [];

  const drawLoss = () => lossChart.update([epochs.loss, evaluations.loss, batchLoss]);
  const drawAccuracies = () => {
    charChart.update([epochs.charAccuracy, evaluations.charAccuracy]);
    exactChart.update([epochs.exactMatch, evaluations.exactMatch]);
  };
  const push = (points: MetricPoints, x: number, metrics: { loss: number; charAccuracy: number; exactMatch: number }) => {
    points.loss.push({ x, y: metrics.loss });
    points.charAccuracy.push({ x, y: metrics.charAccuracy });
    points.exactMatch.push({ x, y: metrics.exactMatch });
  };

  return {
    element: element('div', { class: 'charts' }, lossChart.element, charChart.element, exactChart.element),
    reset: (running) => {
      epochs = noPoints();
      evaluations = noPoints();
      batchLoss = [];
      lossChart.clear(running ? waitingForBatches : idle);
      charChart.clear(running ? waiting : idle);
      exactChart.clear(running ? waiting : idle);
    },
    addBatchLoss: (examplesSeen, smoothedLoss) => {
      if (!Number.isFinite(smoothedLoss)) return;
      batchLoss.push({ x: examplesSeen, y: smoothedLoss });
      drawLoss();
    },
    addEvaluation: (log) => {
      push(evaluations, log.examplesSeen, log.validation);
      drawLoss();
      drawAccuracies();
    },
    addEpoch: (log) => {
      push(epochs, log.examplesSeen, log);
      drawLoss();
      drawAccuracies();
    },
  };
}
