// End-to-end tests of the built CLI with the aligned family (one LSTM fed one digit column per
// step): `train --family aligned`, `predict` and `eval` with `pretrained:aligned`, and the
// command lines they refuse. Each test runs `node dist/main.js` as a child process on the real
// file system. Build first (`pnpm --filter @addrnn/cli build`).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { longBorrowCases, longCarryCases } from '@addrnn/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, runCli, type CliRun } from './run-cli.js';


type Run = CliRun;

/** Runs the CLI to the end in `cwd` (DEBUG unset, so no stack traces). */
function cli(args: readonly string[], cwd = process.cwd()): Promise<Run> {
  return runCli(args, { cwd });
}

/** A usage error: exit status 2, `addrnn: <message>` and a pointer at the command's --help, no stack. */
function expectUsageError(run: Run, command: string, ...parts: (string | RegExp)[]): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^addrnn: /);
  for (const part of parts) {
    if (typeof part === 'string') expect(lines[0]).toContain(part);
    else expect(lines[0]).toMatch(part);
  }
  expect(lines.at(-1)).toBe(`Run "addrnn ${command} --help" for usage.`);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toMatch(/looks like a bug/);
}

/** A random number of exactly `digits` digits from a seeded generator (no leading zero). */
function randomDigits(digits: number, seed: number): string {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let text = String(1 + Math.floor(next() * 9));
  while (text.length < digits) text += String(Math.floor(next() * 10));
  return text;
}

let work: string;

beforeAll(async () => {
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm --filter @addrnn/cli build)`);
  work = await mkdtemp(path.join(tmpdir(), 'addrnn-aligned-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('addrnn train --family aligned', () => {
  it('trains the aligned model, records its family and longest operand, and the saved model predicts', { timeout: 240_000 }, async () => {
    const out = path.join(work, 'run');
    const run = await cli(['train', '--family', 'aligned', '--epochs', '1', '--examples-per-epoch', '20000', '--validation-size', '500', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    // The start line and the summary both name the aligned model, not an encoder-decoder.
    expect(run.stdout).toMatch(/^Training: aligned LSTM 32 \(one digit column per step/m);
    expect(run.stdout).not.toMatch(/encoder \+/);
    expect(run.stdout).toMatch(/^Model: aligned LSTM 32 /m);
    expect(run.stdout).toMatch(/^Threads: 1$/m);
    expect(run.stdout).toContain(`Run directory: ${out}`);

    const modelJson = JSON.parse(await readFile(path.join(out, 'best', 'model.json'), 'utf8')) as {
      userDefinedMetadata: { architecture: { family: string }; training: { longestOperand: number } };
    };
    expect(modelJson.userDefinedMetadata.architecture.family).toBe('aligned');
    expect(modelJson.userDefinedMetadata.training.longestOperand).toBe(10);

    // One epoch of 20,000 examples is barely trained: only the shape of the answer is checked.
    const predicted = await cli(['predict', '--model', path.join(out, 'best'), '12+34']);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(predicted.stdout).toMatch(/^\d+\n$/);
  });

  it('refuses operators other than + and - for the aligned family, naming them', { timeout: 120_000 }, async () => {
    const run = await cli(['train', '--architecture', 'aligned', '--operators', '+*', '--out', path.join(work, 'refused')]);
    expectUsageError(run, 'train', 'aligned', '"*"');
    expect(existsSync(path.join(work, 'refused', 'best'))).toBe(false);
  });
});

describe('addrnn predict --model pretrained:aligned', () => {
  it('adds two 200-digit numbers exactly', { timeout: 120_000 }, async () => {
    const a = randomDigits(200, 11);
    const b = randomDigits(200, 12);
    expect(a).toHaveLength(200);
    expect(b).toHaveLength(200);
    const run = await cli(['predict', '--model', 'pretrained:aligned', `${a}+${b}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${(BigInt(a) + BigInt(b)).toString()}\n`);
  });

  it('refuses an unknown pretrained name, naming the shipped ones', { timeout: 120_000 }, async () => {
    const run = await cli(['predict', '--model', 'pretrained:nope', '1+2']);
    expectUsageError(run, 'predict', 'pretrained:nope', 'pretrained:5-digit', 'pretrained:aligned', 'pretrained:signed');
  });
});

describe('addrnn eval with aligned lengths', () => {
  it('measures pretrained:aligned by length as JSON: exact at 10 and 100 digits and on carry chains', { timeout: 180_000 }, async () => {
    const run = await cli(['eval', '--model', 'pretrained:aligned', '--lengths', '10,100', '--samples', '200', '--chains', '50', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      model: string;
      family: string;
      trainedDigits: number;
      results: { name: string; digits: number | null; questions: number; wrong: number; exactMatch: number }[];
    };
    expect(report).toMatchObject({ model: 'pretrained:aligned', family: 'aligned', trainedDigits: 10 });
    let chainQuestions = 0;
    for (let digits = 1; digits <= 50; digits += 1) chainQuestions += longCarryCases(digits).length;
    expect(report.results.map(({ digits, questions }) => ({ digits, questions }))).toEqual([
      { digits: null, questions: 200 },
      { digits: 100, questions: 200 },
      { digits: null, questions: chainQuestions },
    ]);
    expect(report.results[2]!.name).toContain('1-50');
    for (const result of report.results) {
      expect(result.wrong, result.name).toBe(0);
      expect(result.exactMatch, result.name).toBe(1);
    }
  });

  it('measures pretrained:signed by length, by operator and for negative answers, with borrow and sign chains', { timeout: 180_000 }, async () => {
    const json = await cli(['eval', '--model', 'pretrained:signed', '--lengths', '10,120', '--samples', '100', '--chains', '30', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      results: { name: string; questions: number; wrong: number; parts: Record<string, { questions: number; wrong: number }> }[];
    };
    let borrowQuestions = 0;
    let negativeAnswers = 0;
    for (let digits = 1; digits <= 30; digits += 1) {
      const cases = longBorrowCases(digits);
      borrowQuestions += cases.length;
      negativeAnswers += cases.filter(({ answer }) => answer.startsWith('-')).length;
    }
    expect(report.results.map(({ questions }) => questions)).toEqual([100, 100, expect.any(Number), borrowQuestions]);
    expect(report.results[3]!.name).toContain('borrow and sign chains 1-30');
    const long = report.results[1]!;
    // Random 120-digit questions alternate + and -; about half of the differences are negative.
    expect(long.parts['+']!.questions).toBe(50);
    expect(long.parts['-']!.questions).toBe(50);
    expect(long.parts['negative']!.questions).toBeGreaterThan(10);
    expect(report.results[3]!.parts['negative']!.questions).toBe(negativeAnswers);
    for (const result of report.results) expect(result.wrong, result.name).toBe(0);

    const table = await cli(['eval', '--model', 'pretrained:signed', '--lengths', '50', '--samples', '40', '--chains', '5']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/operators \+ -/);
    expect(table.stdout).toMatch(/exact \+ +exact - +answers < 0/);
    expect(table.stdout).toMatch(/50-digit operands +40 +100\.00% +0 +100\.00% of 20 +100\.00% of 20/);

    const predicted = await cli(['predict', '--model', 'pretrained:signed', '1-1000', '12345678-12345679', '5+5']);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(predicted.stdout).toBe('-999\n-1\n10\n');
  });

  it('refuses --lengths for the default seq2seq model, pointing at the aligned family', { timeout: 120_000 }, async () => {
    const run = await cli(['eval', '--lengths', '100']);
    expectUsageError(run, 'eval', '--lengths', 'aligned');
  });
});
