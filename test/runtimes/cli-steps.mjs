// The `addrnn` command end to end on one Node.js runtime, installed from its tarball: train a tiny
// model, resume it for one more epoch, then predict, eval and info with it, and predict with the
// shipped adder. Each step is a real process of that runtime.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from './check.mjs';
import { runCommand } from './runtimes.mjs';

const line = (output, prefix) => output.split('\n').find((text) => text.startsWith(prefix)) ?? `(no "${prefix}" line)`;
const lines = (output) => output.replace(/\n$/, '').split('\n');

/** Resolves to the start line's backend, kernel and threads, and the seconds each step took. */
export async function runCliSteps(installed, project) {
  const main = join(project, 'node_modules', '@addrnn', 'cli', 'dist', 'main.js');
  const addrnn = (...args) => runCommand(installed.binary, [main, ...args], { cwd: project, timeoutSeconds: 180 });
  const outDir = mkdtempSync(join(tmpdir(), 'addrnn-runtime-cli-'));
  const model = join(outDir, 'run', 'best');
  const seconds = {};
  try {
    const tiny = ['--preset', 'keras', '--digits', '2', '--hidden', '16', '--examples-per-epoch', '256', '--batch-size', '32', '--validation-size', '50', '--threads', '2'];
    const trained = await addrnn('train', ...tiny, '--epochs', '1', '--out', join(outDir, 'run'));
    seconds.train = trained.seconds;
    const backend = line(trained.stdout, 'Backend:');
    const threads = line(trained.stdout, 'Threads:');
    check('addrnn train backend line', /^Backend: wasm\b.*kernel: WebAssembly SIMD/.test(backend), true);
    check('addrnn train threads line', threads.startsWith('Threads: 2 '), true);

    const resumed = await addrnn('train', '--resume', '--out', join(outDir, 'run'), '--epochs', '2');
    seconds.resume = resumed.seconds;
    check('addrnn train --resume', /^Resuming .* after epoch 1 /.test(resumed.stdout), true);
    check('addrnn train --resume ran epoch 2', /^Epoch 2\/2 /m.test(resumed.stdout), true);

    const info = JSON.parse((await addrnn('info', '--model', model, '--json')).stdout);
    check('addrnn info: epochs trained', info.training.epochs, 2);

    const predicted = await addrnn('predict', '--model', model, '12+7', '3+4');
    seconds.predict = predicted.seconds;
    const answers = lines(predicted.stdout);
    check('addrnn predict: one answer per question', answers.length, 2);
    check('addrnn predict: answers are digits', answers.every((answer) => /^\d*$/.test(answer)), true);
    check('addrnn predict with the shipped adder', (await addrnn('predict', '535+61')).stdout, '596\n');

    const evaluated = await addrnn('eval', '--model', model, '--samples', '100', '--json');
    seconds.eval = evaluated.seconds;
    const { test } = JSON.parse(evaluated.stdout);
    check('addrnn eval: questions', test.questions, 100);
    check('addrnn eval: accuracy in [0, 1]', test.exactMatch >= 0 && test.exactMatch <= 1 && test.charAccuracy >= 0 && test.charAccuracy <= 1, true);
    return { backend, threads, seconds };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
