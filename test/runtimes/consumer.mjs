// A user's first script, run by run-subset.mjs on each runtime (Node.js, Bun, Deno) inside a fresh
// project that installed the packed tarballs: both pretrained adders answer on wasm, and a small
// train() runs on the WebAssembly kernel with 2 worker threads. Exits non-zero on a wrong answer
// or a fallback, and must end by itself (no worker thread left running); its last line is a JSON
// report ("report: {...}") that run-subset.mjs reads.
import * as tf from '@tensorflow/tfjs';
import { loadAdder } from '@addrnn/model';
import { train } from '@addrnn/trainer';
import { check, runtimeName } from './check.mjs';

const started = performance.now();
const fiveDigit = await loadAdder();
check('loadAdder() backend', fiveDigit.backend.name, 'wasm');
check("loadAdder() answer to '535+61'", fiveDigit.predict('535+61'), '596');

const aligned = await loadAdder('pretrained:aligned');
check("loadAdder('pretrained:aligned') family", aligned.family, 'aligned');
const tensors = tf.memory().numTensors;
const nines = `${'9'.repeat(1000)}+1`;
check('1,000 nines + 1', aligned.predict(nines), `1${'0'.repeat(1000)}`);
check('tensors left after a prediction', tf.memory().numTensors, tensors);
const predictSeconds = (performance.now() - started) / 1000;

let start;
const trainStarted = performance.now();
const { model, history } = await train({
  preset: 'keras',
  task: { digits: 2 },
  model: { hiddenSize: 16 },
  epochs: 2,
  examplesPerEpoch: 512,
  batchSize: 32,
  validationSize: 50,
  threads: 2,
  callbacks: { onStart: (info) => (start = info) },
});
check('train() backend', start.backend.name, 'wasm');
check('train() implementation', start.implementation, 'kernel');
check('train() threads', start.threads, 2);
check('train() fallback', start.fallbackReason, undefined);
check('train() epochs', history.length, 2);
check('train() losses are finite', history.every((epoch) => Number.isFinite(epoch.loss)), true);
model.dispose();

const report = {
  runtime: runtimeName(),
  predict: { backend: fiveDigit.backend.name, skipped: fiveDigit.backend.skipped.map((skip) => skip.name), seconds: predictSeconds },
  train: {
    backend: start.backend.name,
    implementation: start.implementation,
    threads: start.threads,
    finalLoss: history.at(-1).loss,
    seconds: (performance.now() - trainStarted) / 1000,
  },
};
console.log(`report: ${JSON.stringify(report)}`);
