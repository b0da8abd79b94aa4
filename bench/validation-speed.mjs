#!/usr/bin/env node
// How long a validation of 10,000 five-digit questions takes for the seed's model (LSTM 128):
// through the tfjs model (`evaluate` of @addrnn/trainer, wasm backend, batches of 512) and
// through the kernel's forward pass on the training step's arrays (`step.arrays.evaluate`,
// what train() validates with) on one thread, and on 2 threads (the parallel step's, what
// `addrnn train` validates with on 2 cores), encoding included. Medians of 3, side by side in one process.
//
//   pnpm build && node bench/validation-speed.mjs
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, root } from './bench-common.mjs';

const load = (name) => import(pathToFileURL(join(root, `packages/${name}/dist/index.js`)).href);
const tf = createRequire(join(root, 'packages/trainer/package.json'))('@tensorflow/tfjs');
createRequire(join(root, 'packages/model/package.json'))('@tensorflow/tfjs-backend-wasm');
const { Codec } = await load('codec');
const { ArithmeticDataset, encodeWithLayout } = await load('dataset');
const { createModel, createParallelTrainStep, createTrainStep, getMetadata, modelFamily } = await load('model');
const { evaluate } = await load('trainer');
await tf.setBackend('wasm');
await tf.ready();

const codec = new Codec({ digits: 5, reverseAnswer: true });
const model = createModel({ codec });
const step = createTrainStep(model, { optimizer: tf.train.adam(0.001) });
const parallel = await createParallelTrainStep(model, { optimizer: tf.train.adam(0.001), threads: 2, maxBatchSize: 32, implementation: 'kernel' });
if (parallel.threads !== 2) throw new Error(`asked for 2 threads, got ${parallel.threads}: ${parallel.fallbackReason}`);
const layout = modelFamily(getMetadata(model).architecture.family).layout(codec);
const examples = new ArithmeticDataset({ codec, seed: 1 }).validationSet(10_000);
const times = { tfjs: [], kernel: [], kernel2: [] };
const validate = (arrays) => {
  for (let start = 0; start < examples.length; start += 512) {
    const batch = encodeWithLayout(layout, examples.slice(start, start + 512));
    arrays.evaluate(batch.inputs, batch.targets, batch.size);
  }
};
for (let round = 0; round < 3; round++) {
  let t0 = performance.now();
  evaluate(model, codec, examples, { batchSize: 512 });
  times.tfjs.push(performance.now() - t0);
  t0 = performance.now();
  validate(step.arrays);
  times.kernel.push(performance.now() - t0);
  t0 = performance.now();
  validate(parallel.arrays);
  times.kernel2.push(performance.now() - t0);
}
await parallel.dispose();
const ms = (list) => Math.round(median(list));
const ratio = (a, b) => Number((median(a) / median(b)).toFixed(2));
console.log(JSON.stringify({ questions: examples.length, tfjsMs: ms(times.tfjs), kernelMs: ms(times.kernel), kernel2ThreadsMs: ms(times.kernel2), ratio: ratio(times.tfjs, times.kernel), twoThreadsRatio: ratio(times.kernel, times.kernel2), runs: times }));
