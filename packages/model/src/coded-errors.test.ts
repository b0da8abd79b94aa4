import * as tf from '@tensorflow/tfjs';
import { AddrnnError, InvalidArgumentError, InvalidOptionError } from '@addrnn/codec';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { createModel } from './create-model.js';
import { BackendUnavailableError, FusedUnsupportedError, IncompatibleModelError, PlatformUnsupportedError } from './errors.js';
import { createFusedTrainStep, readFusedModelSpec } from './fused/index.js';
import { modelLogits } from './loss.js';
import * as browserPlatform from './platform/browser.js';

const sourceRoot = fileURLToPath(new URL('./', import.meta.url));

/**
 * Files that run inside gradient workers, where no @addrnn/* package is loaded: an error thrown
 * there travels as text through shared memory (threads/protocol.ts) and the main thread throws
 * it as a coded GradientWorkerError (or, for the kernel module, KernelUnsupportedError).
 */
const WORKER_SIDE = [
  'kernel/aligned-network.ts',
  'kernel/dense-layer.ts',
  'kernel/encoder-decoder-network.ts',
  'kernel/kernel-module.ts',
  'kernel/kernel-network.ts',
  'kernel/lstm-layer.ts',
  'kernel/memory-layout.ts',
  'kernel/model-description.ts',
  'kernel/networks.ts',
  'threads/browser-worker.ts',
  'threads/fused-shard.ts',
  'threads/kernel-shard.ts',
  'threads/node-worker.ts',
  'threads/protocol.ts',
];

/** The run-time import closure of the fused gradient workers: tfjs and Node.js, never @addrnn/*. */
const FUSED_WORKER_CLOSURE = [
  'fused/fast-kernels.ts',
  'fused/weight-roles.ts',
  'kernel/model-description.ts',
  'fused/gradients.ts',
  'fused/lstm-sequence.ts',
  'fused/lstm-sigmoid.ts',
  'threads/fused-shard.ts',
  'threads/node-worker.ts',
  'threads/protocol.ts',
];

/** The import closure of the kernel workers: relative imports only, tfjs and @addrnn/* never. */
const KERNEL_WORKER_CLOSURE = [
  'fused/weight-roles.ts',
  'kernel/aligned-network.ts',
  'kernel/dense-layer.ts',
  'kernel/encoder-decoder-network.ts',
  'kernel/kernel-module.ts',
  'kernel/kernel-network.ts',
  'kernel/kernel-wasm.generated.ts',
  'kernel/lstm-layer.ts',
  'kernel/memory-layout.ts',
  'kernel/model-description.ts',
  'kernel/networks.ts',
  'threads/browser-worker.ts',
  'threads/kernel-shard.ts',
  'threads/protocol.ts',
];

async function sources(directory = sourceRoot, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'pretrained') files.push(...(await sources(`${directory}${entry.name}/`, `${path}/`)));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') && !entry.name.includes('.generated.')) {
      files.push(path);
    }
  }
  return files;
}

beforeAll(async () => {
  await useBackend('wasm');
}, 60_000);

describe('errors of @addrnn/model', () => {
  it('are coded AddrnnErrors outside the worker-side files, which import no @addrnn package', async () => {
    const raw: string[] = [];
    for (const file of await sources()) {
      if (WORKER_SIDE.includes(file)) continue;
      const text = await readFile(`${sourceRoot}${file}`, 'utf8');
      for (const match of text.matchAll(/new (Error|RangeError|TypeError|SyntaxError)\(|extends Error\b/g)) raw.push(`${file}: ${match[0]}`);
    }
    expect(raw).toEqual([]);
    const imports: string[] = [];
    for (const [closure, allowed] of [
      [KERNEL_WORKER_CLOSURE, /^\.{1,2}\//],
      [FUSED_WORKER_CLOSURE, /^(\.{1,2}\/|node:|@tensorflow\/)/],
    ] as const) {
      for (const file of closure) {
        const text = await readFile(`${sourceRoot}${file}`, 'utf8');
        for (const [, written, dynamic] of text.matchAll(/^(?:import|export) (?!type )[^'"]*?from ['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/gm)) {
          const specifier = written ?? dynamic!;
          if (!allowed.test(specifier)) imports.push(`${file}: ${specifier}`);
        }
      }
    }
    expect(imports).toEqual([]);
  });

  it('FusedUnsupportedError is coded and recognised across copies', () => {
    const model = createModel({ codec: { digits: 1 }, hiddenSize: 4, cell: 'gru' });
    let error: unknown;
    try {
      readFusedModelSpec(model);
    } catch (thrown) {
      error = thrown;
    }
    model.dispose();
    expect(FusedUnsupportedError.isInstance(error)).toBe(true);
    expect(AddrnnError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(AddrnnError);
    expect((error as AddrnnError).code).toBe('FUSED_UNSUPPORTED');
    expect((error as Error).message).toMatch(/^The fused training step does not support this model: its layers are GRU -> RepeatVector -> GRU/);
    expect(IncompatibleModelError.isInstance(error)).toBe(false);
  });

  it('the fused step refuses a bad clipNorm and wrongly shaped batches with coded errors', () => {
    const model = createModel({ codec: { digits: 1 }, hiddenSize: 4, implementation: 'fused', seed: 1 });
    const optimizer = tf.train.adam(0.01);
    expect(() => createFusedTrainStep(model, { optimizer, clipNorm: -1 })).toThrow(InvalidOptionError);
    expect(() => createFusedTrainStep(model, { optimizer, clipNorm: Number.NaN })).toThrow('clipNorm must be a finite number > 0, got NaN');
    const step = createFusedTrainStep(model, { optimizer });
    const [, questionLength, vocabulary] = model.inputs[0]!.shape as number[];
    const [, answerLength] = model.outputs[0]!.shape as number[];
    const before = tf.memory().numTensors;
    const inputs = tf.zeros([2, questionLength!, vocabulary! + 1]) as tf.Tensor3D;
    const targets = tf.zeros([2, answerLength!, vocabulary!]) as tf.Tensor3D;
    expect(() => step(inputs, targets)).toThrow(InvalidArgumentError);
    expect(() => step(inputs, targets)).toThrow(`inputs must be [batch, ${questionLength}, ${vocabulary}], got [2, ${questionLength}, ${vocabulary! + 1}]`);
    const rightInputs = tf.zeros([2, questionLength!, vocabulary!]) as tf.Tensor3D;
    const wrongTargets = tf.zeros([3, answerLength!, vocabulary!]) as tf.Tensor3D;
    expect(() => step(rightInputs, wrongTargets)).toThrow(`targets must be [2, ${answerLength}, ${vocabulary}], got [3, ${answerLength}, ${vocabulary}]`);
    tf.dispose([inputs, targets, rightInputs, wrongTargets]);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
  });

  it('modelLogits refuses a model without the TimeDistributed(Dense) head with IncompatibleModelError', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] })] });
    const inputs = tf.zeros([1, 2, 2]) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    expect(() => modelLogits(model, inputs)).toThrow(IncompatibleModelError);
    expect(() => modelLogits(model, inputs)).toThrow("the model's last layer must be TimeDistributed(Dense), got Dense");
    expect(tf.memory().numTensors).toBe(before);
    inputs.dispose();
    model.dispose();
  });

  it('the browser build refuses Node.js-only features with coded errors', async () => {
    await expect(browserPlatform.loadFs()).rejects.toThrow(PlatformUnsupportedError);
    await expect(browserPlatform.loadWorkerThreads()).rejects.toThrow('node:worker_threads is available in Node.js only');
    const error = await browserPlatform.importWasmBackend().catch((thrown: unknown) => thrown);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as AddrnnError).code).toBe('BACKEND_UNAVAILABLE');
  });
});
