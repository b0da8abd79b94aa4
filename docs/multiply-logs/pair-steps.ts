// Probe for issue #23 (not part of any package): multiplication on the aligned family's LSTM and
// its WebAssembly kernel, unchanged, with the questions laid out in a new way. Run from the
// repository root after `pnpm install`:
//   node_modules/.pnpm/esbuild@*/node_modules/esbuild/bin/esbuild docs/multiply-logs/pair-steps.ts --bundle \
//     --platform=node --format=esm --conditions=@addrnn/source --external:@tensorflow/* --outfile=packages/model/dist/pair-steps.mjs
//   node packages/model/dist/pair-steps.mjs --layout pairs --digits 3 --hidden 128 --examples 1000000
// (the bundle sits in packages/model/dist so that it finds the package's tfjs). Held out: the pairs with
// (x * 1000003 + y * 7919) % 10 == 0, as in ../shared/peer/multiply; 5,000 of them and 5,000
// training pairs are checked, whole answers.
// Layout "pairs": one step per digit pair (a_i, b_j) of each answer column k = i + j, least
// significant column first; inputs: a one-hot (10), b one-hot (10), end-of-column flag (1);
// target: class 10 (blank) inside a column, the column's answer digit at its last step.
// Layout "slots": one step per column, D slots of (a_i, b_(k-i)) one-hots (20*D), target digit.
// Layout "pairbag": as "pairhot", but every slot shares one set of 100 values: the column's input
// counts how often each digit pair occurs in it (a bag of pairs), so a pair has one row of input
// weights wherever it stands, as the peer's pairsum shares one MLP across the pairs.
// Layout "pairhot": as "slots", but each slot holds the pair (a_i, b_(k-i)) as one one-hot of its
// 100 digit pairs (100*D values, a_i's digit times 10 plus b_(k-i)'s picks the value: two digits
// side by side, no product). Each pair then has its own learned input weights, so a product is
// a row of the LSTM's input weights, learned, and a column's products add up in its input sum.
import * as tf from '@tensorflow/tfjs';
import { createAlignedLayers } from '../../packages/model/src/aligned/aligned-model.js';
import { createAlignedKernelTrainStep } from '../../packages/model/src/aligned/aligned-train-step.js';
import { loadKernelModule } from '../../packages/model/src/kernel/kernel-module.js';

const arg = (name: string, fallback: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1]! : fallback; };
const D = Number(arg('digits', '3'));
const layout = arg('layout', 'pairs');
const hidden = Number(arg('hidden', '128'));
const batch = Number(arg('batch', '128'));
const examples = Number(arg('examples', '1000000'));
const lr0 = Number(arg('lr', '0.003'));
const seed = Number(arg('seed', '1'));
const evalEvery = Number(arg('eval-every', '250000'));
let state = seed >>> 0 || 1;
const rand = (n: number) => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return Math.floor((state / 2 ** 32) * n); };
const heldOut = (x: number, y: number) => (x * 1000003 + y * 7919) % 10 === 0;
const operand = () => { const n = 1 + rand(D); return rand(10 ** n); };
function draw(train: boolean): [number, number] { for (;;) { const x = operand(), y = operand(); if (heldOut(x, y) !== train) return [x, y]; } }
const digitsOf = (v: number) => String(v).split('').reverse().map(Number);
const IN = layout === 'pairs' ? 21 : layout === 'pairhot' ? 100 * D : layout === 'pairbag' ? 100 : 20 * D;
const OUT = layout === 'pairs' ? 11 : 10;
function stepsOf(x: number, y: number) { const la = String(x).length, lb = String(y).length; return layout === 'pairs' ? la * lb + 1 : la + lb; }
function encode(pairs: [number, number][]) {
  const S = Math.max(...pairs.map(([x, y]) => stepsOf(x, y)));
  const n = pairs.length;
  const X = new Float32Array(n * S * IN), Y = new Float32Array(n * S * OUT), cls = new Int32Array(n * S);
  pairs.forEach(([x, y], r) => {
    const a = digitsOf(x), b = digitsOf(y), p = digitsOf(x * y);
    const columns = a.length + b.length;
    let t = 0;
    const put = (target: number) => { cls[r * S + t] = target; Y[(r * S + t) * OUT + target] = 1; t += 1; };
    if (layout === 'pairs') {
      for (let k = 0; k < columns; k++) {
        const lo = Math.max(0, k - b.length + 1), hi = Math.min(k, a.length - 1);
        if (lo > hi) { X[(r * S + t) * IN + 20] = 1; put(p[k] ?? 0); continue; }
        for (let i = lo; i <= hi; i++) {
          const base = (r * S + t) * IN; X[base + a[i]!] = 1; X[base + 10 + b[k - i]!] = 1;
          if (i === hi) { X[base + 20] = 1; put(p[k] ?? 0); } else put(10);
        }
      }
      while (t < S) { X[(r * S + t) * IN + 20] = 1; put(0); }
    } else {
      for (let k = 0; k < S; k++) {
        for (let i = 0; i < D; i++) {
          const j = k - i;
          if (i >= a.length || j < 0 || j >= b.length) continue;
          if (layout === 'pairhot') X[(r * S + k) * IN + i * 100 + a[i]! * 10 + b[j]!] = 1;
          else if (layout === 'pairbag') X[(r * S + k) * IN + a[i]! * 10 + b[j]!] += 1;
          else { const base = (r * S + k) * IN + i * 20; X[base + a[i]!] = 1; X[base + 10 + b[j]!] = 1; }
        }
        put(p[k] ?? 0);
      }
    }
  });
  return { X, Y, cls, S };
}
await loadKernelModule();
await tf.setBackend('cpu');
const model = createAlignedLayers(hidden, seed, { inputSize: IN, outputSize: OUT });
const optimizer = tf.train.adam(lr0);
const step = createAlignedKernelTrainStep(model, { optimizer, clipNorm: 1 });
console.log(`layout ${layout} D ${D} hidden ${hidden} params ${model.countParams()} batch ${batch} examples ${examples} lr ${lr0}`);
state = 999; const test = Array.from({ length: 5000 }, () => draw(false)); const probe = Array.from({ length: 5000 }, () => draw(true));
state = seed * 7919 + 1;
function accuracy(pairs: [number, number][]) {
  step.arrays!.sync();
  let right = 0;
  for (let s = 0; s < pairs.length; s += 500) {
    const part = pairs.slice(s, s + 500); const { X, cls, S } = encode(part);
    const out = tf.tidy(() => (model.predict(tf.tensor3d(X, [part.length, S, IN])) as tf.Tensor).argMax(-1).dataSync());
    for (let r = 0; r < part.length; r++) { let ok = true; for (let t = 0; t < S; t++) if (out[r * S + t] !== cls[r * S + t]) { ok = false; break; } if (ok) right++; }
  }
  return right / pairs.length;
}
const t0 = performance.now();
const warm = 20000;
for (let seen = 0; seen < examples; ) {
  const { X, Y } = encode(Array.from({ length: batch }, () => draw(true)));
  const lr = seen < warm ? lr0 * (seen + batch) / warm : 1e-5 + (lr0 - 1e-5) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, seen / examples)));
  const { loss } = step.arrays!.step(X, Y, batch, lr);
  seen += batch;
  if (seen % evalEvery < batch || seen >= examples) {
    const secs = (performance.now() - t0) / 1000;
    console.log(`${seen.toLocaleString()} ex  loss ${loss.toFixed(4)}  train ${(accuracy(probe) * 100).toFixed(2)}%  held-out ${(accuracy(test) * 100).toFixed(2)}%  ${secs.toFixed(0)} s  ${(seen / secs).toFixed(0)} ex/s`);
  }
}
