// Checkpoint save and resume on each runtime, from the packed tarballs (run by run-subset.mjs):
// train 2 epochs into an outDir, resume it to 3, and compare with 3 epochs never interrupted.
// The trainer promises the same losses and weights for the same seed and thread count, so the
// comparison is exact. Last line: "report: {...}".
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '@addrnn/trainer';
import { check, runtimeName } from './check.mjs';

const started = performance.now();
const base = {
  preset: 'keras',
  task: { digits: 2 },
  model: { hiddenSize: 16 },
  examplesPerEpoch: 256,
  batchSize: 32,
  validationSize: 50,
  threads: 2,
  seed: 5,
};
const weightsOf = (model) => model.getWeights().map((weight) => Array.from(weight.dataSync()));

const whole = await train({ ...base, epochs: 3 });
const outDir = mkdtempSync(join(tmpdir(), 'addrnn-runtime-checkpoint-'));
try {
  const first = await train({ ...base, epochs: 2, outDir });
  first.model.dispose();
  check('latest/ written', existsSync(join(outDir, 'latest', 'trainer-state.json')), true);
  check('best/ written', existsSync(join(outDir, 'best', 'model.json')), true);

  let start;
  const resumed = await train({ outDir, resume: true, epochs: 3, callbacks: { onStart: (info) => (start = info) } });
  check('resumed after epoch', start.resumed?.epoch, 2);
  check('resumed threads', start.threads, 2);
  check('resumed implementation', start.implementation, 'kernel');
  check('epochs after resume', resumed.history.length, 3);
  check('losses of the resumed run', resumed.history.map((epoch) => epoch.loss), whole.history.map((epoch) => epoch.loss));
  check('weights of the resumed run', weightsOf(resumed.model), weightsOf(whole.model));
  resumed.model.dispose();
  whole.model.dispose();

  const report = {
    runtime: runtimeName(),
    checkpoint: { backend: start.backend.name, implementation: start.implementation, threads: start.threads, finalLoss: whole.history.at(-1).loss, seconds: (performance.now() - started) / 1000 },
  };
  console.log(`report: ${JSON.stringify(report)}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
