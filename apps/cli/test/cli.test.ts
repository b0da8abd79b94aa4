// End-to-end tests of the built CLI: each test runs `node dist/main.js` as a child process on the
// real file system, as a user would. Build first (`pnpm test` at the root does).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TRAIN_OPTIONS, TRAIN_PRESETS } from '@addrnn/trainer/presets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, runCli, type CliRun } from './run-cli.js';

const packageJson = JSON.parse(
  await readFile(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'),
) as { version: string };

type Run = CliRun;

/** Runs the CLI to the end. `env` is added to the parent's (minus DEBUG, so stacks stay off). */
function cli(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return runCli(args, options);
}

/** A usage error: exit status 2, `addrnn: <message>` and a pointer at --help, no stack trace. */
function expectUsageError(run: Run, message: RegExp, command?: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^addrnn: /);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toBe(`Run "addrnn ${command === undefined ? '' : `${command} `}--help" for usage.`);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(() => {
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm turbo run build --filter @addrnn/cli...)`);
});

describe('help and version', () => {
  it('prints the top-level help with every command', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['train', 'eval', 'predict', 'info']) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(run.stderr).toBe('');
  });

  it('prints the version', async () => {
    const run = await cli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
  });

  it.each([
    ['train', ['--digits N', '--epochs N', '--out DIR', '--resume', '--json', '--backend NAME']],
    ['eval', ['--model DIR', '--samples N', '--hard', '--json']],
    ['predict', ['--model DIR', '--confidence', 'QUESTION']],
    ['info', ['--model DIR', '--json']],
  ])('prints the help of %s', async (command, flags) => {
    for (const args of [[command, '--help'], [command, '-h'], ['help', command]]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: addrnn ${command}`));
      for (const flag of flags) expect(run.stdout).toContain(flag);
    }
  });
});

describe('command-line errors', () => {
  it('rejects an unknown command with a suggestion', async () => {
    expectUsageError(await cli(['trian']), /unknown command "trian" \(did you mean "train"\?\)/);
  });

  it.each([
    [['train', '--bogus'], /unknown flag --bogus for "train"/],
    [['train', '--epoch', '3'], /unknown flag --epoch for "train" \(did you mean --epochs\?\)/],
    [['train', '--digits', 'five'], /--digits must be an integer from 1 to 15, got "five"/],
    [['train', '--digits', '0'], /--digits must be an integer from 1 to 15, got "0"/],
    [['train', '--hidden', '2.5'], /--hidden must be an integer/],
    [['train', '--lr', '-1'], /--lr must be a number > 0, got "-1"/],
    [['train', '--dropout', '1'], /--dropout must be a number >= 0 and < 1, got "1"/],
    [['train', '--cell', 'transformer'], /--cell must be one of lstm, gru, simpleRNN, got "transformer"/],
    [['train', '--operators', '+/'], /--operators takes the characters \+ - \*/],
    [['train', '--epochs'], /--epochs needs a value/],
    [['train', '--json=yes'], /--json is a switch and takes no value/],
    [['train', 'now'], /"train" takes no arguments besides flags, got "now"/],
    [['train', '--threads', 'two'], /--threads takes a positive whole number or auto, got "two"/],
    [['train', '--threads', '0'], /--threads takes a positive whole number or auto, got "0"/],
    [['train', '--carry-fraction', '2'], /--carry-fraction must be a number >= 0 and <= 1, got "2"/],
    [['train', '--replay-fraction', '1'], /--replay-fraction must be a number >= 0 and <= 0.99, got "1"/],
    [['train', '--label-smoothing', '1'], /--label-smoothing must be a number >= 0 and <= 0.99, got "1"/],
    [['eval', '--samples', '0'], /--samples must be an integer from 1 to 1000000, got "0"/],
    [['predict', '--model', 'no/such/directory', '1+1'], /--model no\/such\/directory: no such directory/],
  ])('%j exits 2 with one line', async (args, message) => {
    expectUsageError(await cli(args), message, args[0]);
  });

  it('asks predict for a question', async () => {
    expectUsageError(await cli(['predict', '--model', '.']), /predict needs at least one question/, 'predict');
  });
});

describe('a tiny training run, then the model it made', () => {
  let directory: string;
  let out: string;
  let firstRun: Run;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'addrnn-cli-'));
    out = path.join(directory, 'run');
    firstRun = await cli([
      'train',
      // The seed's settings: a constant learning rate, no early stop.
      '--preset', 'keras',
      '--digits', '1',
      '--hidden', '16',
      '--epochs', '2',
      '--examples-per-epoch', '2000',
      '--batch-size', '32',
      // Two threads, a carry-chain mix, replays and label smoothing: the run goes through the data-parallel step.
      '--threads', '2',
      '--carry-fraction', '0.2',
      '--replay-fraction', '0.1',
      '--label-smoothing', '0.05',
      '--out', out,
      '--json',
    ]);
  }, 120_000);

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('prints one JSON object per epoch on stdout and nothing else', () => {
    expect(firstRun.code, firstRun.stderr).toBe(0);
    const records = jsonLines(firstRun.stdout);
    expect(records.map((record) => record.epoch)).toEqual([1, 2]);
    for (const record of records) {
      expect(record).toMatchObject({
        epochs: 2,
        loss: expect.any(Number),
        charAccuracy: expect.any(Number),
        exactMatch: expect.any(Number),
        validation: { loss: expect.any(Number), charAccuracy: expect.any(Number), exactMatch: expect.any(Number) },
        samplesPerSecond: expect.any(Number),
        backend: expect.any(String),
        learningRate: 0.001,
      });
    }
    expect(records[1]?.examplesSeen).toBe(2 * 63 * 32);
  });

  it('tells people on stderr what it runs on and where the model went', () => {
    expect(firstRun.stderr).toMatch(/^Parameters: [\d,]+$/m);
    expect(firstRun.stderr).toMatch(/^Backend: \w+.* · kernel: WebAssembly SIMD/m);
    expect(firstRun.stderr).toMatch(/^Threads: 2 \(each batch split across worker threads/m);
    expect(firstRun.stderr).toContain('20% of questions with long carry chains');
    expect(firstRun.stderr).toContain('10% of each batch replaying questions it got wrong');
    expect(firstRun.stderr).toContain('label smoothing 0.05 (training loss smoothed, validation loss plain)');
    expect(firstRun.stderr).toMatch(/^Training: LSTM 16 .* \(preset keras\): up to 2 epochs of 2,016 examples .* learning rate 0\.001, 20% of/m);
    expect(firstRun.stderr).toMatch(/^Finished 2 epochs \(4,032 examples, the budget\) in \d+(s|m \d+s)\.$/m);
    expect(firstRun.stderr).toMatch(/^Epoch 2\/2 /m);
    expect(firstRun.stderr).toMatch(/^ {2}Q \d[+]\d +T \d+ +[✓✗] /m);
    expect(firstRun.stderr).toContain(`addrnn predict --model ${path.join(out, 'best')}`);
  });

  it('saves the best model and a resumable checkpoint', () => {
    expect(existsSync(path.join(out, 'best', 'model.json'))).toBe(true);
    expect(existsSync(path.join(out, 'latest', 'trainer-state.json'))).toBe(true);
    // The questions waiting for replay go with the checkpoint, so that a resume replays them.
    const state = JSON.parse(readFileSync(path.join(out, 'latest', 'trainer-state.json'), 'utf8'));
    expect(state.options.replayFraction).toBe(0.1);
    expect(state.options.labelSmoothing).toBe(0.05);
    expect(Array.isArray(state.stream.replay)).toBe(true);
  });

  it('info describes the model', async () => {
    const run = await cli(['info', '--model', path.join(out, 'best')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Task: +1-digit operands, operators \+$/m);
    expect(run.stdout).toMatch(/^Architecture: +LSTM 16 /m);
    expect(run.stdout).toMatch(/^Parameters: +[\d,]+$/m);
    expect(run.stdout).toMatch(/^Seed: +1$/m);

    const json = await cli(['info', '--model', path.join(out, 'best'), '--json']);
    expect(json.code, json.stderr).toBe(0);
    const [record, ...rest] = jsonLines(json.stdout);
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ parameters: expect.any(Number), codec: { digits: 1 }, architecture: { hiddenSize: 16 } });
  });

  it('predict prints one answer per line', async () => {
    const run = await cli(['predict', '--model', path.join(out, 'best'), '1+2', '9+9', '0+0']);
    expect(run.code, run.stderr).toBe(0);
    // An untrained model may answer with nothing: that is still one (empty) line.
    const answers = run.stdout.replace(/\n$/, '').split('\n');
    expect(answers).toHaveLength(3);
    for (const answer of answers) expect(answer).toMatch(/^\d{0,2}$/);
  });

  it('predict --confidence adds a probability per character, and reads stdin for -', async () => {
    const run = await cli(['predict', '--model', path.join(out, 'best'), '--confidence', '-'], { input: '1+2\n\n3+4\n' });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^(\d*)\t(\d \d+\.\d%( {2}|$))*$/);
  });

  it('predict refuses a question the model cannot read', async () => {
    const run = await cli(['predict', '--model', path.join(out, 'best'), '1+2', '12+3']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(/^addrnn: .*12\+3/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('eval reports test-split and hard-case accuracy', async () => {
    const run = await cli(['eval', '--model', path.join(out, 'best'), '--hard', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [record, ...rest] = jsonLines(run.stdout);
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      seed: 1,
      test: { questions: expect.any(Number), charAccuracy: expect.any(Number), exactMatch: expect.any(Number) },
      hard: { questions: expect.any(Number), errors: expect.any(Array) },
    });

    const human = await cli(['eval', '--model', path.join(out, 'best')]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^Test split \(seed 1\): \d+ questions$/m);
    expect(human.stdout).toMatch(/^ {2}whole answer +\d+\.\d\d%/m);
  });

  it('--resume continues with the next epoch', async () => {
    const run = await cli(['train', '--resume', '--out', out, '--epochs', '3', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const records = jsonLines(run.stdout);
    expect(records.map((record) => record.epoch)).toEqual([3]);
    expect(records[0]?.examplesSeen).toBe(3 * 63 * 32);
    expect(run.stderr).toMatch(/Resuming .* after epoch 2/);
  });
});

describe('presets and switchable levers', () => {
  it('shows the trainer\'s own defaults in train --help', async () => {
    const run = await cli(['train', '--help']);
    expect(run.code).toBe(0);
    const help = run.stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`--preset NAME`);
    expect(help).toContain(`Examples per training batch. Default: ${DEFAULT_TRAIN_OPTIONS.batchSize}`);
    expect(help).toContain(`Adam learning rate (after any warm-up). Default: ${DEFAULT_TRAIN_OPTIONS.learningRate}`);
    expect(help).toContain(`none: never. Default: ${DEFAULT_TRAIN_OPTIONS.targetAccuracy}`);
    // The seed's settings, one flag away.
    expect(TRAIN_PRESETS.keras).toMatchObject({ learningRate: 0.001, batchSize: 32, epochs: 30, examplesPerEpoch: 50_000 });
    expect(help).toContain('--preset keras runs the Keras addition_rnn example\'s settings (Adam 0.001, batch 32, 30 epochs of 50,000)');
  });

  it('turns the default recipe\'s levers off with none, and says what it runs', { timeout: 120_000 }, async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'addrnn-cli-'));
    try {
      const run = await cli([
        'train', '--digits', '1', '--hidden', '8', '--epochs', '1', '--examples-per-epoch', '64', '--batch-size', '32',
        '--clip-norm', 'none', '--target-accuracy', 'none', '--lr-final', 'none', '--lr-decay', 'exponential', '--no-reverse-answer',
        '--warmup-examples', '32', '--out', path.join(directory, 'run'),
      ]);
      expect(run.code, run.stderr).toBe(0);
      const start = run.stdout.split('\n').find((line) => line.startsWith('Training: '))!;
      expect(start).toContain('(preset default)');
      expect(start).toContain(`learning rate ${DEFAULT_TRAIN_OPTIONS.learningRate}, warm-up over 32 examples`);
      expect(start).not.toMatch(/decay|clipped|stop at|answers reversed|scaled/);
      const state = JSON.parse(await readFile(path.join(directory, 'run', 'latest', 'trainer-state.json'), 'utf8')) as { options: Record<string, unknown> };
      expect(state.options).toMatchObject({ preset: 'default', warmupExamples: 32, learningRateDecay: 'exponential', task: { reverseAnswer: false } });
      for (const key of ['clipNorm', 'targetAccuracy', 'learningRateFinal']) expect(state.options).not.toHaveProperty(key);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('names the flag, the value and what it takes when a value is wrong', async () => {
    const run = await cli(['train', '--clip-norm', 'nothing']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--clip-norm must be a number > 0 or none, got "nothing"');
    const preset = await cli(['train', '--preset', 'pytorch']);
    expect(preset.code).toBe(2);
    expect(preset.stderr).toContain('--preset must be one of default, keras, aligned, multiply, got "pytorch"');
  });
});

describe('Ctrl-C', () => {
  it('saves a checkpoint, says how to resume and exits 130', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'addrnn-cli-'));
    const out = path.join(directory, 'run');
    try {
      const { DEBUG: _debug, ...env } = process.env;
      const child = spawn(
        process.execPath,
        [main, 'train', '--digits', '2', '--hidden', '16', '--epochs', '50', '--examples-per-epoch', '1000000', '--out', out],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          // Training has begun once the header is out; let a few batches run.
          if (/^Checkpoints: /m.test(stdout)) setTimeout(resolve, 1_000);
        });
        child.on('close', () => reject(new Error(`train exited early: ${stderr}`)));
      });
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
      expect(stdout).toContain(`train --resume --out ${out}`);
      expect(stderr).toContain('saving a checkpoint');
      const state = JSON.parse(await readFile(path.join(out, 'latest', 'trainer-state.json'), 'utf8')) as {
        epoch: number;
        batchInEpoch: number;
      };
      expect(state.epoch).toBe(0);
      expect(state.batchInEpoch).toBeGreaterThan(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
