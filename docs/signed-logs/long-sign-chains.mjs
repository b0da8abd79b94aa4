// Probe of a signed aligned model on long sign chains: two operands of one length, equal in every
// column but the lowest (x…xu-x…xv, u != v: answer ±1 to ±9) or in every column (x-x: 0), the
// shared digits pseudo-random, lengths uniform in MINLEN..MAXLEN. The sign is decided at the
// lowest column and must be carried through the whole run of equal columns. The questions are
// sorted by length and predicted in groups of about 2^20 columns (as `addrnn eval` does), so
// each group pads to a length close to its own. Run from the repository root after `pnpm build`:
//   node docs/signed-logs/long-sign-chains.mjs MODEL [COUNT=2000] [MINLEN=2000] [MAXLEN=10000] [SEED=7]
import { loadAdder } from '../../packages/model/dist/index.js';
const [model, countArg = '2000', minArg = '2000', maxArg = '10000', seedArg = '7'] = process.argv.slice(2);
let s = Number(seedArg) >>> 0 || 1;
const next = (n) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return Math.floor((s / 2 ** 32) * n); };
const adder = await loadAdder(model);
const count = Number(countArg), min = Number(minArg), max = Number(maxArg);
const qs = [];
for (let i = 0; i < count; i++) {
  const len = min + next(max - min + 1);
  let stem = String(1 + next(9));
  for (let j = 2; j < len; j++) stem += String(next(10));
  const kind = next(3);
  let a, b;
  if (kind === 0) { a = stem + next(10); b = a; }
  else { const u = next(10); let v = next(9); if (v >= u) v++; a = stem + u; b = stem + v; }
  const big = (x) => BigInt(x);
  const d = big(a) - big(b);
  qs.push({ q: `${a}-${b}`, ans: d.toString(), kind, len });
}
qs.sort((x, y) => x.q.length - y.q.length);
let wrong = 0; const t0 = performance.now();
for (let i = 0; i < qs.length; ) {
  let cols = 0, j = i; while (j < qs.length && (j === i || cols + qs[j].q.length <= (1 << 20))) { cols += qs[j].q.length; j++; }
  const group = qs.slice(i, j); const out = adder.predictBatch(group.map((x) => x.q));
  group.forEach((x, k) => { if (out[k] !== x.ans) { wrong++; if (wrong <= 10) console.log(`wrong: kind ${x.kind} len ${x.len} tail ${x.q.slice(-8)} expected ${x.ans.slice(-6)} (len ${x.ans.length}) got ${out[k].slice(0, 12)}…${out[k].slice(-6)} (len ${out[k].length})`); } });
  i = j;
}
console.log(`${model}: ${wrong} wrong of ${count} (lengths ${min}-${max}, seed ${seedArg}) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
