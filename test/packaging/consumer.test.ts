// A consumer's first install, outside the workspace: pack every published package with
// `pnpm pack`, install the tarballs with npm into fresh temporary projects (no workspace
// links) and use them there the way a user would. Needs `pnpm build` first (the root test
// command builds) and the npm registry for tfjs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packTarballs } from './pack-tarballs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tfjsVersion = '4.22.0';
let workDirectory = '';
let tarballs = new Map<string, string>();

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`, { cause: error });
  }
}

function createProject(name: string, dependencies: string[]): string {
  const directory = join(workDirectory, name);
  execFileSync('mkdir', ['-p', directory]);
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }, null, 2));
  run('npm', ['install', '--no-package-lock', '--loglevel=error', ...dependencies], directory);
  return directory;
}

beforeAll(() => {
  workDirectory = mkdtempSync(join(tmpdir(), 'addrnn-consumer-'));
  tarballs = packTarballs(join(workDirectory, 'tarballs'));
});

afterAll(() => {
  if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
});

describe('published packages', () => {
  it('pass publint --strict and attw --pack', () => {
    const output = run('node', [join(root, 'scripts/check-packages.mjs')], root);
    expect(output).toContain('all package checks passed');
  });

  it('@addrnn/codec and @addrnn/dataset install and run standalone without tfjs', () => {
    const project = createProject('data-only', [tarballs.get('@addrnn/codec')!, tarballs.get('@addrnn/dataset')!]);
    expect(existsSync(join(project, 'node_modules', '@tensorflow'))).toBe(false);
    writeFileSync(
      join(project, 'index.mjs'),
      [
        "import { Codec } from '@addrnn/codec';",
        "import { ArithmeticDataset } from '@addrnn/dataset';",
        'const codec = new Codec({ digits: 3 });',
        "console.log(codec.decodeQuestion(codec.encodeQuestion('535+61')));",
        'const dataset = new ArithmeticDataset({ codec, seed: 7 });',
        'const [example] = dataset.testSet(1);',
        'console.log(codec.solve(example.question) === example.answer);',
      ].join('\n'),
    );
    expect(run('node', ['index.mjs'], project).trim().split('\n')).toEqual(['535+61', 'true']);
    writeFileSync(
      join(project, 'index.cjs'),
      "const { Codec } = require('@addrnn/codec');\nconsole.log(new Codec().solve('99999+1'));\n",
    );
    expect(run('node', ['index.cjs'], project).trim()).toBe('100000');
  });

  it('@addrnn/model loads the pretrained adder from ESM and CJS, and its types check', () => {
    const project = createProject('model-consumer', [
      tarballs.get('@addrnn/codec')!,
      tarballs.get('@addrnn/model')!,
      `@tensorflow/tfjs@${tfjsVersion}`,
      'typescript@5.9.3',
    ]);
    writeFileSync(
      join(project, 'esm.mjs'),
      [
        "import { loadAdder } from '@addrnn/model';",
        'const adder = await loadAdder();',
        "console.log(adder.predict('535+61'));",
        "const batch = adder.predictBatch(['535+61', '12+7']);",
        "console.log(batch.length === 2 && batch[0] === adder.predict('535+61') && batch[1] === adder.predict('12+7'));",
      ].join('\n'),
    );
    expect(run('node', ['esm.mjs'], project).trim().split('\n').slice(-2)).toEqual(['596', 'true']);
    writeFileSync(
      join(project, 'cjs.cjs'),
      [
        "const { loadAdder } = require('@addrnn/model');",
        "loadAdder().then((adder) => console.log(adder.predict('535+61')));",
      ].join('\n'),
    );
    expect(run('node', ['cjs.cjs'], project).trim().split('\n').at(-1)).toBe('596');

    // The data-parallel step starts dist/parallel-worker.js by file URL: it must resolve from
    // the installed package in both module formats.
    const parallelScript = (load: string) =>
      [
        load,
        'async function main() {',
        "  const model = createModel({ hiddenSize: 8, codec: { digits: 2 } });",
        '  const step = await createParallelTrainStep(model, { optimizer: tf.train.adam(0.01), threads: 2 });',
        '  const inputs = tf.oneHot(tf.randomUniformInt([8, 5], 0, 12), 12).toFloat();',
        '  const targets = tf.oneHot(tf.randomUniformInt([8, 3], 0, 12), 12).toFloat();',
        '  const { loss } = step(inputs, targets);',
        '  console.log(step.threads, Number.isFinite(loss.dataSync()[0]));',
        '  await step.dispose();',
        '}',
        'main();',
      ].join('\n');
    writeFileSync(join(project, 'parallel.mjs'), parallelScript("import * as tf from '@tensorflow/tfjs';\nimport { createModel, createParallelTrainStep } from '@addrnn/model';"));
    writeFileSync(join(project, 'parallel.cjs'), parallelScript("const tf = require('@tensorflow/tfjs');\nconst { createModel, createParallelTrainStep } = require('@addrnn/model');"));
    expect(run('node', ['parallel.mjs'], project).trim().split('\n').at(-1)).toBe('2 true');
    expect(run('node', ['parallel.cjs'], project).trim().split('\n').at(-1)).toBe('2 true');

    writeFileSync(
      join(project, 'consumer.ts'),
      [
        "import { loadAdder, type Adder } from '@addrnn/model';",
        "import { Codec, type DecodedAnswer } from '@addrnn/codec';",
        'export async function answer(question: string): Promise<string> {',
        '  const adder: Adder = await loadAdder();',
        '  const detail: DecodedAnswer = adder.predictWithConfidence(question);',
        '  const confidences: number[] = detail.confidence;',
        "  return `${adder.predict(question)} ${confidences.length} ${new Codec().answerLength}`;",
        '}',
      ].join('\n'),
    );
    const compilerOptions = { strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', noEmit: true, skipLibCheck: true, types: [] };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    // tfjs's own declarations do not pass a lib check (they need @types/long); consumers of tfjs
    // skip it. A wrong use of our types must still fail, or the check above proves nothing.
    writeFileSync(join(project, 'tsconfig.wrong.json'), JSON.stringify({ compilerOptions, files: ['wrong.ts'] }));
    writeFileSync(join(project, 'wrong.ts'), "import { loadAdder } from '@addrnn/model';\nconst n: number = (await loadAdder()).predict('1+1');\nexport { n };\n");
    const tsc = join(project, 'node_modules/typescript/bin/tsc');
    run('node', [tsc, '-p', 'tsconfig.json'], project);
    expect(() => run('node', [tsc, '-p', 'tsconfig.wrong.json'], project)).toThrow(/wrong\.ts.*TS2322: Type 'string' is not assignable to type 'number'/);
  });
});
