import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@addrnn/codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorruptModelError } from './errors.js';
import { replaceDirectory } from './directory-swap.js';
import { fileSystemIO, MAX_MODEL_JSON_BYTES, readArtifacts } from './file-system-io.js';

// Every test here reads a hostile directory; a regression would hang on /dev/zero or a FIFO, so
// each carries a timeout that fails it instead of stalling the suite.
const TIMEOUT = 30_000;
const WEIGHTS = [
  { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' },
  { name: 'dense/bias', shape: [3], dtype: 'float32' },
];
const WEIGHT_BYTES = (6 + 3) * 4;

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'addrnn-untrusted-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function floats(count: number, start = 0): Uint8Array {
  return new Uint8Array(Float32Array.from({ length: count }, (_, index) => start + index).buffer);
}

/** A model directory whose model.json names `paths` for WEIGHTS; `weights.bin` holds them unless told otherwise. */
async function modelDirectory(name: string, options: { paths?: unknown[]; weights?: unknown[]; writeWeights?: boolean } = {}): Promise<string> {
  const directory = join(root, name);
  await mkdir(directory, { recursive: true });
  const { paths = ['weights.bin'], weights = WEIGHTS, writeWeights = true } = options;
  const json = { format: 'layers-model', modelTopology: { class_name: 'Sequential' }, weightsManifest: [{ paths, weights }] };
  await writeFile(join(directory, 'model.json'), JSON.stringify(json));
  if (writeWeights) await writeFile(join(directory, 'weights.bin'), floats(9));
  return directory;
}

async function refused(directory: string, message: RegExp | string): Promise<void> {
  await expect(readArtifacts(directory)).rejects.toThrow(CorruptModelError);
  await expect(readArtifacts(directory)).rejects.toThrow(message);
  await expect(fileSystemIO(directory).load!()).rejects.toThrow(message);
}

describe('fileSystemIO on an untrusted model directory', () => {
  it('reads a well-formed directory, also weights sharded over several files', { timeout: TIMEOUT }, async () => {
    const plain = await readArtifacts(await modelDirectory('plain'));
    expect(Array.from(new Float32Array(plain.weightData as ArrayBuffer))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(plain.weightSpecs).toEqual(WEIGHTS);

    const sharded = await modelDirectory('sharded', { paths: ['shard-1.bin', 'shard-2.bin'], writeWeights: false });
    await writeFile(join(sharded, 'shard-1.bin'), floats(4));
    await writeFile(join(sharded, 'shard-2.bin'), floats(5, 4));
    const read = await readArtifacts(sharded);
    expect(Array.from(new Float32Array(read.weightData as ArrayBuffer))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses weights paths that leave the directory: "../outside.bin", absolute paths, separators', { timeout: TIMEOUT }, async () => {
    // A file of exactly the right size beside the directory: only the path check keeps it out.
    await writeFile(join(root, 'outside.bin'), floats(9, 100));
    const names: unknown[] = [
      '../outside.bin',
      '../../../../../../../../../../dev/zero',
      '/dev/zero',
      join(root, 'outside.bin'),
      'sub/weights.bin',
      'sub\\weights.bin',
      '..',
      '.',
      '',
      'C:weights.bin',
      'weights.bin\u0000',
      42,
      null,
    ];
    for (const [index, name] of names.entries()) {
      const directory = await modelDirectory(`escape-${index}`, { paths: [name] });
      await refused(directory, 'a weights path must be a plain file name inside the model directory');
      await expect(readArtifacts(directory)).rejects.toThrow(`at weightsManifest[0].paths[0]`);
    }
  });

  it('refuses a weights file that is a symbolic link, to /dev/zero or to a regular file elsewhere', { timeout: TIMEOUT }, async () => {
    const toZero = await modelDirectory('link-zero', { writeWeights: false });
    await symlink('/dev/zero', join(toZero, 'weights.bin'));
    await refused(toZero, /weights\.bin" is a symbolic link, not a regular file/);

    await writeFile(join(root, 'elsewhere.bin'), floats(9));
    const toFile = await modelDirectory('link-file', { writeWeights: false });
    await symlink(join(root, 'elsewhere.bin'), join(toFile, 'weights.bin'));
    await refused(toFile, /weights\.bin" is a symbolic link/);
  });

  it('refuses a weights "file" that is a directory or a FIFO, without waiting for a writer', { timeout: TIMEOUT }, async () => {
    const directory = await modelDirectory('weights-directory', { writeWeights: false });
    await mkdir(join(directory, 'weights.bin'));
    await refused(directory, /weights\.bin" is a directory/);

    const fifo = await modelDirectory('weights-fifo', { writeWeights: false });
    execFileSync('mkfifo', [join(fifo, 'weights.bin')]);
    await refused(fifo, /weights\.bin" is a FIFO \(named pipe\)/);
  });

  it('refuses model.json itself when it is a link to /dev/zero, a FIFO, a directory or larger than 16 MiB', { timeout: TIMEOUT }, async () => {
    const link = join(root, 'json-link');
    await mkdir(link);
    await symlink('/dev/zero', join(link, 'model.json'));
    await refused(link, /model\.json" is a symbolic link/);

    const fifo = join(root, 'json-fifo');
    await mkdir(fifo);
    execFileSync('mkfifo', [join(fifo, 'model.json')]);
    await refused(fifo, /model\.json" is a FIFO/);

    const directory = join(root, 'json-directory');
    await mkdir(join(directory, 'model.json'), { recursive: true });
    await refused(directory, /model\.json" is a directory/);

    // A sparse file: refused from its size alone, before a byte of it is read or parsed.
    const huge = await modelDirectory('json-huge');
    expect(MAX_MODEL_JSON_BYTES).toBe(16 * 1024 * 1024);
    await truncate(join(huge, 'model.json'), MAX_MODEL_JSON_BYTES + 1);
    await refused(huge, `has ${MAX_MODEL_JSON_BYTES + 1} bytes, more than the ${MAX_MODEL_JSON_BYTES} a model.json may have`);
  });

  it('refuses weights files larger or smaller than model.json declares, before reading them', { timeout: TIMEOUT }, async () => {
    const larger = await modelDirectory('larger');
    // 4 GiB, sparse: reading it whole would take seconds and gigabytes; the size check needs neither.
    await truncate(join(larger, 'weights.bin'), 4 * 1024 ** 3);
    await refused(larger, `have ${4 * 1024 ** 3} bytes but model.json describes ${WEIGHT_BYTES}; the weights file is truncated or does not belong to this model`);

    const smaller = await modelDirectory('smaller');
    await truncate(join(smaller, 'weights.bin'), WEIGHT_BYTES - 1);
    await refused(smaller, `have ${WEIGHT_BYTES - 1} bytes but model.json describes ${WEIGHT_BYTES}`);

    const oneShardShort = await modelDirectory('shard-short', { paths: ['weights.bin', 'more.bin'] });
    await writeFile(join(oneShardShort, 'more.bin'), floats(1));
    await refused(oneShardShort, `weights "weights.bin", "more.bin" of "${oneShardShort}" have ${WEIGHT_BYTES + 4} bytes but model.json describes ${WEIGHT_BYTES}`);
  });

  it('refuses weight specs whose size cannot be computed: bad shapes, unknown dtypes, missing names', { timeout: TIMEOUT }, async () => {
    const cases: [unknown, string][] = [
      [{ name: 'w', shape: [-1, 3], dtype: 'float32' }, 'weightsManifest[0].weights[0].shape [-1,3]; a shape is an array of non-negative integers'],
      [{ name: 'w', shape: [1.5], dtype: 'float32' }, 'weightsManifest[0].weights[0].shape [1.5]'],
      [{ name: 'w', shape: 'big', dtype: 'float32' }, 'weightsManifest[0].weights[0].shape "big"'],
      [{ name: 'w', shape: [2 ** 40, 2 ** 40], dtype: 'float32' }, 'too large to load'],
      [{ name: 'w', shape: [9], dtype: 'string' }, 'weightsManifest[0].weights[0].dtype "string"; weights must be float32, int32 or bool'],
      [{ name: 'w', shape: [9], dtype: 'float32', quantization: { dtype: 'int4' } }, 'quantization.dtype "int4"; quantised weights must be uint8, uint16 or float16'],
      [{ shape: [9], dtype: 'float32' }, 'weightsManifest[0].weights[0].name undefined; a weight name is a string'],
    ];
    for (const [index, [spec, message]] of cases.entries()) {
      await refused(await modelDirectory(`spec-${index}`, { weights: [spec] }), message);
    }
    const noPaths = join(root, 'no-arrays');
    await mkdir(noPaths);
    await writeFile(join(noPaths, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: 'weights.bin' }] }));
    await refused(noPaths, 'has a weightsManifest[0] without paths and weights arrays');
    // Quantised weights take their storage dtype's size: 9 uint16 values are 18 bytes.
    const quantised = await modelDirectory('quantised', { weights: [{ name: 'w', shape: [9], dtype: 'float32', quantization: { dtype: 'uint16', scale: 1, min: 0 } }], writeWeights: false });
    await writeFile(join(quantised, 'weights.bin'), new Uint8Array(18));
    expect((await readArtifacts(quantised)).weightData).toHaveProperty('byteLength', 18);
  });

  it('refuses a directory argument that is not a non-empty string with InvalidArgumentError', { timeout: TIMEOUT }, async () => {
    for (const value of [123, '', undefined, null, { path: root }, 'a\u0000b']) {
      expect(() => fileSystemIO(value as string)).toThrow(InvalidArgumentError);
      expect(() => fileSystemIO(value as string)).toThrow(/^directory must be a non-empty string \(a directory path\) without NUL characters, got /);
      await expect(readArtifacts(value as string)).rejects.toThrow(InvalidArgumentError);
    }
    expect(() => fileSystemIO(123 as never)).toThrow('directory must be a non-empty string (a directory path) without NUL characters, got 123');
    await expect(replaceDirectory(undefined as never, root)).rejects.toThrow('source must be a non-empty string (a directory path) without NUL characters, got undefined');
    await expect(replaceDirectory(root, 7 as never)).rejects.toThrow(InvalidArgumentError);
  });
});
