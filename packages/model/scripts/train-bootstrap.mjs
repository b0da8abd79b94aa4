#!/usr/bin/env node
// Bootstrap trainer for the shipped pretrained model, used while the CLI's trainer was being
// built: the seed's architecture (LSTM 128 encoder -> RepeatVector -> LSTM 128 decoder ->
// TimeDistributed Dense softmax, recurrent activation sigmoid), tfjs wasm backend, Adam with an
// exponentially decaying learning rate, data from @addrnn/dataset. Writes a standard tfjs
// layers model directory (model.json + weights.bin) with addrnn metadata.
// Usage: node packages/model/scripts/train-bootstrap.mjs --out DIR [--minutes 55] [--batch 128]
//        [--lr 0.002] [--lr-final 0.00005] [--decay-examples 2500000] [--seed 1]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Codec } from '@addrnn/codec';
import { ArithmeticDataset } from '@addrnn/dataset';
import { mkdir, rename, rm, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
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
const hiddenSize = Number(values.hidden);
const deadline = Date.now() + Number(values.minutes) * 60_000;
const command = `node packages/model/scripts/train-bootstrap.mjs ${process.argv.slice(2).join(' ')}`;

await tf.setBackend('wasm');
// Transposed matMuls are slow on tfjs-backend-wasm 4.22: transpose explicitly, then multiply.
for (const kernelName of ['BatchMatMul', '_FusedMatMul']) {
  const original = tf.getKernel(kernelName, 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc(args) {
      const { inputs, backend, attrs } = args;
      if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
      const temporaries = [];
      const swap = (x) => {
        const perm = [...Array(x.shape.length).keys()];
        const r = perm.length;
        [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
        const t = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } });
        temporaries.push(t);
        return t;
      };
      const a = attrs.transposeA ? swap(inputs.a) : inputs.a;
      const b = attrs.transposeB ? swap(inputs.b) : inputs.b;
      try {
        return original.kernelFunc({ inputs: { ...inputs, a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
      } finally {
        for (const t of temporaries) backend.disposeData(t.dataId);
      }
    },
  });
}

const codec = new Codec({ digits: 5 });
const dataset = new ArithmeticDataset({ codec, seed });
const validation = dataset.validationSet(2000);
const stream = dataset.trainStream({ batchSize });

const model = tf.sequential();
model.add(tf.layers.lstm({ units: hiddenSize, recurrentActivation: 'sigmoid', inputShape: [codec.questionLength, codec.vocabularySize], kernelInitializer: tf.initializers.glorotUniform({ seed }), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }) }));
model.add(tf.layers.repeatVector({ n: codec.answerLength }));
model.add(tf.layers.lstm({ units: hiddenSize, recurrentActivation: 'sigmoid', returnSequences: true, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 3 }) }));
model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: codec.vocabularySize, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 4 }) }) }));
const optimizer = tf.train.adam(lr0, 0.9, 0.999, 1e-7);
model.compile({ optimizer, loss: 'categoricalCrossentropy' });

function exactMatch(examples) {
  let right = 0;
  let characters = 0;
  for (const batch of dataset.batches(examples, 500)) {
    const predicted = tf.tidy(() => model.predict(tf.tensor3d(batch.inputs, batch.inputShape)).argMax(-1).dataSync());
    const answers = codec.decodeAnswers(predicted, batch.size);
    answers.forEach((answer, i) => { if (answer === batch.answers[i]) right += 1; });
    const truth = codec.encodeAnswers(batch.answers);
    truth.forEach((index, i) => { if (index === predicted[i]) characters += 1; });
  }
  return { exactMatch: right / examples.length, charAccuracy: characters / (examples.length * codec.answerLength) };
}

async function save(directory, training) {
  model.setUserDefinedMetadata({
    format: 'addrnn', formatVersion: 1, codec: codec.toConfig(),
    architecture: { cell: 'lstm', hiddenSize, encoderLayers: 1, decoderLayers: 1, dropout: 0, implementation: 'layers', recurrentActivation: 'sigmoid' },
    training,
  });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const temporary = `${directory}.tmp-${process.pid}`;
    await rm(temporary, { recursive: true, force: true });
    await mkdir(temporary, { recursive: true });
    await writeFile(join(temporary, 'weights.bin'), Buffer.from(artifacts.weightData));
    await writeFile(join(temporary, 'model.json'), JSON.stringify({
      format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: null,
      modelTopology: artifacts.modelTopology, userDefinedMetadata: artifacts.userDefinedMetadata,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    }));
    await rm(directory, { recursive: true, force: true });
    await rename(temporary, directory);
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}

await mkdir(values.out, { recursive: true });
const log = join(values.out, 'training-log.jsonl');
const started = Date.now();
let seen = 0;
let nextEval = evalEvery;
let best = -1;
let lossSum = 0;
let lossCount = 0;
console.error(`backend ${tf.getBackend()}, ${model.countParams()} parameters, batch ${batchSize}`);
while (Date.now() < deadline) {
  const learningRate = lr0 * (lrFinal / lr0) ** (Math.min(seen, decayExamples) / decayExamples);
  optimizer.learningRate = learningRate;
  const batch = stream.next();
  const inputs = tf.tensor3d(batch.inputs, batch.inputShape);
  const targets = tf.tensor3d(batch.targets, batch.targetShape);
  const value = await model.trainOnBatch(inputs, targets);
  inputs.dispose();
  targets.dispose();
  if (!Number.isFinite(value)) throw new Error(`loss became ${value} after ${seen} examples`);
  lossSum += value;
  lossCount += 1;
  seen += batchSize;
  if (seen >= nextEval) {
    nextEval += evalEvery;
    const metrics = exactMatch(validation);
    const elapsed = (Date.now() - started) / 1000;
    const record = { examplesSeen: seen, loss: lossSum / lossCount, learningRate, validation: metrics, elapsedSeconds: Math.round(elapsed), samplesPerSecond: Math.round(seen / elapsed), tensors: tf.memory().numTensors };
    lossSum = 0;
    lossCount = 0;
    await appendFile(log, JSON.stringify(record) + '\n');
    console.error(JSON.stringify(record));
    const training = { command, seed, batchSize, learningRate: lr0, learningRateFinal: lrFinal, decayExamples, examplesSeen: seen, elapsedSeconds: Math.round(elapsed), backend: 'wasm', validation: metrics, date: new Date().toISOString() };
    await save(join(values.out, 'latest'), training);
    if (metrics.exactMatch > best) {
      best = metrics.exactMatch;
      await save(join(values.out, 'best'), training);
    }
    if (metrics.exactMatch >= 0.9995) break;
  }
}
console.error(`done: ${seen} examples, best validation exact match ${best}`);
