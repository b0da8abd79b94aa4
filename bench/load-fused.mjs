// Loads packages/model/src/fused from source for the benchmark: each .ts file is transpiled with
// the workspace's TypeScript into bench/.cache/fused/ and its tfjs import pointed at the same copy
// of @tensorflow/tfjs that the model package resolves, so bench, stock layers and fused step share
// one engine. No build step, and it measures exactly the source in the working tree.
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modelRequire = createRequire(join(root, 'packages/model/package.json'));

/** The model package's copy of @tensorflow/tfjs (CommonJS, as Node resolves it for the dist too). */
export const tf = modelRequire('@tensorflow/tfjs');

export function loadWasmBackend() {
  return modelRequire('@tensorflow/tfjs-backend-wasm');
}

export async function loadFused() {
  const ts = createRequire(join(root, 'package.json'))('typescript');
  const source = join(root, 'packages/model/src/fused');
  const out = join(root, 'bench/.cache/fused');
  mkdirSync(out, { recursive: true });
  const tfUrl = pathToFileURL(modelRequire.resolve('@tensorflow/tfjs')).href;
  for (const file of readdirSync(source)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const { outputText } = ts.transpileModule(readFileSync(join(source, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    });
    const js = outputText
      .replaceAll("from '@tensorflow/tfjs'", `from '${tfUrl}'`)
      .replace(/from '(\.\/[^']+)\.js'/g, "from '$1.mjs'");
    writeFileSync(join(out, file.replace(/\.ts$/, '.mjs')), js);
  }
  return import(pathToFileURL(join(out, 'index.mjs')).href);
}
