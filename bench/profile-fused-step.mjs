// Per-kernel time of one fused training step (wraps the engine's runKernelFunc; the wrapper adds some overhead).
//   node bench/profile-fused-step.mjs wasm 512
import { tf, loadWasmBackend, loadFused } from './load-fused.mjs';
loadWasmBackend();
const fused = await loadFused();
await tf.setBackend(process.argv[2] || 'wasm');
const B = Number(process.argv[3] || 512);
const m = tf.sequential();
m.add(tf.layers.lstm({ units: 128, inputShape: [11, 12], recurrentActivation: 'sigmoid' }));
m.add(tf.layers.repeatVector({ n: 6 }));
m.add(tf.layers.lstm({ units: 128, returnSequences: true, recurrentActivation: 'sigmoid' }));
m.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 12, activation: 'softmax' }) }));
const opt = tf.train.adam(1e-3);
const step = fused.createFusedTrainStep(m, { optimizer: opt });
const x = tf.oneHot(tf.randomUniformInt([B, 11], 0, 12), 12).toFloat(), y = tf.oneHot(tf.randomUniformInt([B, 6], 0, 12), 12).toFloat();
for (let i = 0; i < 3; i++) tf.dispose(step(x, y));
// time each kernel by wrapping the engine's runKernel
const engine = tf.engine();
const stats = new Map();
const orig = engine.runKernelFunc.bind(engine);
engine.runKernelFunc = function (info) {
  const t0 = performance.now(); const r = orig(info); const dt = performance.now() - t0;
  const name = info.kernelName + (info.kernelName === 'BatchMatMul' ? ' ' + info.inputs.a.shape.join('x') + '@' + info.inputs.b.shape.join('x') + (info.attrs.transposeA ? 'tA' : '') + (info.attrs.transposeB ? 'tB' : '') : '');
  const s = stats.get(name) || { n: 0, ms: 0 }; s.n++; s.ms += dt; stats.set(name, s); return r;
};
const N = 5; const t0 = performance.now();
for (let i = 0; i < N; i++) { const r = step(x, y); r.loss.dataSync(); tf.dispose(r); }
const total = (performance.now() - t0) / N;
let sum = 0; let count = 0;
const rows = [...stats].map(([k, s]) => [k, s.n / N, s.ms / N]).sort((a, b) => b[2] - a[2]);
for (const [k, n, ms] of rows) { sum += ms; count += n; }
console.log(`B${B} step ${total.toFixed(1)} ms, kernels ${count} taking ${sum.toFixed(1)} ms`);
for (const [k, n, ms] of rows.slice(0, 25)) console.log(k.padEnd(40), String(n).padStart(5), ms.toFixed(2).padStart(8));
