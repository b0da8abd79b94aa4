#!/usr/bin/env node
// Trainer for the shipped pretrained model, written while @addrnn/trainer and the CLI were being
// built; it uses this package's own createModel, fused createTrainStep and saveModel, data from
// @addrnn/dataset, Adam with an exponentially decaying learning rate, on the wasm backend.
// `--init DIR` continues from a saved model (weights only; Adam starts fresh).
// Usage: node packages/model/scripts/train-bootstrap.mjs --out DIR [--init DIR] [--minutes 55]
//        [--batch 128] [--lr 0.002] [--lr-final 0.00005] [--decay-examples 2500000] [--seed 1]
import * as tf from '@tensorflow/tfjs';
import { ArithmeticDataset } from '@addrnn/dataset';
import { createModel, createTrainStep, loadModel, saveModel, useBackend } from '@addrnn/model';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    init: { type: 'string' },
    minutes: { type: 'string', default: '55' },
    batch: { type: 'string', default: '128' },
    lr: { type: 'string', default: '0.002' },
    'lr-final': { type: 'string', default: '0.00005' },
    'decay-examples': { type: 'string', default: '2500000' },
    'eval-every': { type: 'string', default: '250000' },
    seed: { type: 'string', default: '1' },
    hidden: { type: 'string', default: '128' },
  },
});
if (!values.out) throw new Error('--out DIR is required');
const batchSize = Number(values.batch);
const lr0 = Number(values.lr);
const lrFinal = Number(values['lr-final']);
const decayExamples = Number(values['decay-examples']);
const evalEvery = Number(values['eval-every']);
const seed = Number(values.seed);
const deadline = Date.now() + Number(values.minutes) * 60_000;
const command = `node packages/model/scripts/train-bootstrap.mjs ${process.argv.slice(2).join(' ')}`;

const backend = await useBackend('wasm');
const loaded = values.init ? await loadModel(values.init) : undefined;
const model = loaded?.model ?? createModel({ hiddenSize: Number(values.hidden), seed });
const codec = loaded?.codec ?? new (await import('@addrnn/codec')).Codec();
const previous = loaded?.metadata.training;
const dataset = new ArithmeticDataset({ codec, seed });
const validation = new ArithmeticDataset({ codec, seed: 1 }).validationSet(2000);
const stream = dataset.trainStream({ batchSize });
const optimizer = tf.train.adam(lr0, 0.9, 0.999, 1e-7);
const step = createTrainStep(model, { optimizer, implementation: 'fused' });

function accuracy(examples) {
  let right = 0;
  let characters = 0;
  for (const batch of dataset.batches(examples, 500)) {
    const predicted = tf.tidy(() => model.predict(tf.tensor3d(batch.inputs, batch.inputShape)).argMax(-1).dataSync());
    codec.decodeAnswers(predicted, batch.size).forEach((answer, i) => { if (answer === batch.answers[i]) right += 1; });
    codec.encodeAnswers(batch.answers).forEach((index, i) => { if (index === predicted[i]) characters += 1; });
  }
  return { exactMatch: right / examples.length, charAccuracy: characters / (examples.length * codec.answerLength) };
}

await mkdir(values.out, { recursive: true });
const log = join(values.out, 'training-log.jsonl');
const started = Date.now();
const before = Number(previous?.examplesSeen ?? 0);
let seen = 0;
let nextEval = evalEvery;
let best = -1;
let lossSum = 0;
let lossCount = 0;
console.error(`backend ${backend.name}, ${model.countParams()} parameters, batch ${batchSize}, continuing after ${before} examples`);
while (Date.now() < deadline) {
  const learningRate = lr0 * (lrFinal / lr0) ** (Math.min(seen, decayExamples) / decayExamples);
  optimizer.learningRate = learningRate;
  const batch = stream.next();
  const inputs = tf.tensor3d(batch.inputs, batch.inputShape);
  const targets = tf.tensor3d(batch.targets, batch.targetShape);
  const { loss, predicted } = step(inputs, targets);
  const value = loss.dataSync()[0];
  tf.dispose([inputs, targets, loss, predicted]);
  if (!Number.isFinite(value)) throw new Error(`loss became ${value} after ${seen} examples`);
  lossSum += value;
  lossCount += 1;
  seen += batchSize;
  if (seen >= nextEval) {
    nextEval += evalEvery;
    const metrics = accuracy(validation);
    const elapsed = (Date.now() - started) / 1000;
    const record = { examplesSeen: before + seen, loss: lossSum / lossCount, learningRate, validation: metrics, elapsedSeconds: Math.round(elapsed), samplesPerSecond: Math.round(seen / elapsed), tensors: tf.memory().numTensors };
    lossSum = 0;
    lossCount = 0;
    await appendFile(log, JSON.stringify(record) + '\n');
    console.error(JSON.stringify(record));
    const phase = { command, seed, batchSize, learningRate: lr0, learningRateFinal: lrFinal, decayExamples, examples: seen, elapsedSeconds: Math.round(elapsed), backend: backend.name, implementation: 'fused' };
    const training = { examplesSeen: before + seen, validation: metrics, date: new Date().toISOString(), phases: [...(previous?.phases ?? (previous ? [previous] : [])), phase] };
    await saveModel(model, join(values.out, 'latest'), { training });
    if (metrics.exactMatch > best) {
      best = metrics.exactMatch;
      await saveModel(model, join(values.out, 'best'), { training });
    }
    if (metrics.exactMatch >= 0.9995) break;
  }
}
console.error(`done: ${seen} examples, best validation exact match ${best}`);
