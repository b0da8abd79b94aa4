// Its own file, so that tfjs-backend-wasm's kernels are seen as it registered them, before
// anything in this package could replace them.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadAdder } from './adder.js';
import { useBackend } from './backend.js';
import { installFastKernels } from './fused/index.js';

const PATCHED = ['Slice', 'SplitV', 'BatchMatMul', '_FusedMatMul'];
const kernelFuncs = () => PATCHED.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);

describe('kernel patches are opt-in', () => {
  it("useBackend('wasm') and loadAdder leave the wasm kernels as tfjs registered them; installFastKernels replaces them", async () => {
    const stock = kernelFuncs();
    expect(stock.every((kernelFunc) => typeof kernelFunc === 'function')).toBe(true);
    await useBackend('wasm');
    const adder = await loadAdder();
    expect(adder.predict('535+61')).toBe('596');
    adder.dispose();
    expect(kernelFuncs()).toEqual(stock);

    expect(installFastKernels().sort()).toEqual([...PATCHED].sort());
    const patched = kernelFuncs();
    patched.forEach((kernelFunc, i) => expect(kernelFunc).not.toBe(stock[i]));
    await useBackend('cpu');
  });
});
