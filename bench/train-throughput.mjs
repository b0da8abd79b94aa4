#!/usr/bin/env node
// Training throughput of the seed's model (5 digits, LSTM 128 encoder + decoder, Adam 1e-3):
// stock tfjs-layers gradients, the fused tfjs step, the WebAssembly kernel on one thread, and the
// default (the kernel split across threads as chooseTrainThreads picks: what `train` runs), per
// backend and batch size; PyTorch on the same CPU in the same run; the browser's Train tab.
//
//   pnpm bench                                   # builds, then wasm + cpu, batches 32,128,512
//   node bench/train-throughput.mjs --torch      # also PyTorch (../shared/peer/torch_bench.py), ratios
//   options: --backends tensorflow,wasm,cpu --batches 32,128,512 --seconds 2 --reps 5
//            --impl layers,fused,kernel,default --rss-steps 10000 (0: skip) --no-browser
//            --no-write (leave BENCHMARKS.md alone) --tensors (kernel steps through the tensor API,
//            not the typed arrays train() hands them)
//   node bench/train-throughput.mjs --threads 1,2,3 --batches 32,64,128 --rounds 3
//            thread scaling instead: the kernel on exactly each thread count, the counts measured
//            in turn, round after round (a drift of the VM's speed falls on all of them alike),
//            with the one-thread rate at each shard's size, so the table shows what the split
//            itself loses: efficiency = rate / (threads x one thread's rate on batch / threads)
//
// Each (backend, implementation, batch) runs in its own child process, so peak RSS is its own;
// so does each PyTorch batch size. Everything comes from the built packages (packages/*/dist)
// and their public exports, never from src/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { argv, flag, median, option, root, writeBenchmarksBlock } from './bench-common.mjs';


// ---------------------------------------------------------------- child: one measurement
async function child(config) {
  const { backend, impl, batch, seconds, reps, H = 128 } = config;
  const modelRequire = createRequire(join(root, 'packages/model/package.json'));
  const tf = modelRequire('@tensorflow/tfjs');
  if (backend === 'wasm') modelRequire('@tensorflow/tfjs-backend-wasm');
  if (backend === 'tensorflow') createRequire(join(root, 'apps/cli/package.json'))('@tensorflow/tfjs-node');
  const addrnn = await import(pathToFileURL(join(root, 'packages/model/dist/index.js')).href);
  await tf.setBackend(backend);
  await tf.ready();
  const warn = console.warn;
  console.warn = () => {}; // the orthogonal initializer's size warning
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: H, inputShape: [11, 12], recurrentActivation: 'sigmoid' }));
  model.add(tf.layers.repeatVector({ n: 6 }));
  model.add(tf.layers.lstm({ units: H, returnSequences: true, recurrentActivation: 'sigmoid' }));
  model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 12, activation: 'softmax' }) }));
  console.warn = warn;
  const optimizer = tf.train.adam(1e-3);
  const variables = model.trainableWeights.map((w) => w.read());
  const stockStep = (x, y) => {
    const loss = optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }))), true, variables);
    return { loss };
  };
  let step = stockStep;
  let threads = 1;
  if (impl === 'fused' || impl === 'kernel') step = addrnn.createTrainStep(model, { optimizer, implementation: impl });
  if (impl === 'kernel' && config.threads > 1) {
    // Thread scaling: the kernel split over exactly this many threads (createParallelTrainStep).
    threads = config.threads;
    step = await addrnn.createParallelTrainStep(model, { optimizer, threads, maxBatchSize: batch, implementation: 'kernel' });
    if (step.threads !== threads) throw new Error(`asked for ${threads} threads, got ${step.threads}: ${step.fallbackReason}`);
  }
  if (impl === 'default') {
    // What `train` and `addrnn train` run: the kernel, split across as many threads as
    // chooseTrainThreads picks (data parallel). Its workers load the built dist/parallel-worker.js.
    threads = await addrnn.chooseTrainThreads({ batchSize: batch, implementation: 'kernel' });
    step = threads > 1
      ? await addrnn.createParallelTrainStep(model, { optimizer, threads, maxBatchSize: batch, implementation: 'kernel' })
      : addrnn.createTrainStep(model, { optimizer, implementation: 'kernel' });
  }
  const implementation = step.implementation ?? 'layers';

  // Keras-style questions: operand lengths uniform in 1..5, question reversed, answer padded.
  const chars = '0123456789+ ';
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const number = () => { let s = ''; const n = 1 + Math.floor(random() * 5); for (let k = 0; k < n; k++) s += Math.floor(random() * 10); return Number(s); };
  const makeBatch = (n) => {
    const x = new Float32Array(n * 11 * 12), y = new Float32Array(n * 6 * 12);
    for (let e = 0; e < n; e++) {
      const a = number(), b = number();
      const q = `${a}+${b}`.padEnd(11).split('').reverse().join(''), r = String(a + b).padEnd(6);
      for (let t = 0; t < 11; t++) x[(e * 11 + t) * 12 + chars.indexOf(q[t])] = 1;
      for (let t = 0; t < 6; t++) y[(e * 6 + t) * 12 + chars.indexOf(r[t])] = 1;
    }
    return [tf.tensor3d(x, [n, 11, 12]), tf.tensor3d(y, [n, 6, 12]), x, y];
  };
  const data = Array.from({ length: 8 }, () => makeBatch(batch));
  // A kernel step takes the batch's typed arrays, as train() hands them over (no tensor per step;
  // the weights reach the tfjs variables only when read); --tensors measures the tensor API instead.
  const onArrays = step.arrays !== undefined && !config.tensors;
  const run = (steps) => {
    let last;
    for (let i = 0; i < steps; i++) {
      const [x, y, xs, ys] = data[i % data.length];
      if (onArrays) {
        last = step.arrays.step(xs, ys, batch, 1e-3).loss;
        continue;
      }
      const result = step(x, y);
      if (i === steps - 1) last = result.loss.dataSync()[0];
      tf.dispose(Object.values(result));
    }
    return last;
  };
  // Warm-up: optimizer slots, kernel caches, and the JIT of every thread (worker threads of the
  // default step take longer to reach their pace): at least 2 steps and 3 s.
  const warmUntil = performance.now() + 3000;
  for (let done = 0; done < 2 || performance.now() < warmUntil; done++) run(1);
  let t0 = performance.now();
  run(1);
  const perStep = (performance.now() - t0) / 1000;
  const steps = Math.max(2, Math.round(seconds / perStep));
  const rates = [];
  let loss;
  for (let r = 0; r < reps; r++) {
    t0 = performance.now();
    loss = run(steps);
    rates.push((steps * batch) / ((performance.now() - t0) / 1000));
  }
  const result = { backend, impl, implementation, threads, onArrays, batch, steps, medianSps: median(rates), rates, loss, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  if (config.rssSteps) {
    // Memory over a long run: RSS after 1,000 steps and after rssSteps (a leak grows the second).
    const rssAt = {};
    for (let i = 1; i <= config.rssSteps; i++) {
      run(1);
      if (i === 1000 || i === config.rssSteps) rssAt[i] = process.memoryUsage().rss / 2 ** 20;
    }
    result.rssMiB = rssAt;
    result.tensors = tf.memory().numTensors;
  }
  await step.dispose?.();
  if (config.predict) {
    const [one] = makeBatch(1);
    const [many] = makeBatch(512);
    const times = [];
    for (let k = 0; k < 30; k++) { t0 = performance.now(); const p = model.predict(one); p.dataSync(); p.dispose(); times.push(performance.now() - t0); }
    const batchRates = [];
    for (let k = 0; k < 5; k++) { t0 = performance.now(); const p = model.predict(many); p.dataSync(); p.dispose(); batchRates.push(512 / ((performance.now() - t0) / 1000)); }
    result.predictLatencyMs = median(times.slice(5));
    result.predictBatchSps = median(batchRates);
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------- parent: the table
function measure(config) {
  const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify(config)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) {
    const text = `${out.stderr}\n${out.stdout}`.split('\n');
    // The thrown message (`Error: ...`), not a stack frame or the source line it quotes.
    const thrown = text.find((l) => /^\w*Error\b/.test(l.trim())) ?? text.find((l) => /error:/i.test(l) && !/^\s*at /.test(l));
    return { ...config, error: (thrown ?? text.filter(Boolean).slice(-1)[0] ?? 'failed').trim() };
  }
  return JSON.parse(line.slice(7));
}

/** PyTorch's examples/s and peak RSS per batch size, each batch size in its own process. */
function torch(batches, seconds, reps) {
  const script = join(root, '../shared/peer/torch_bench.py');
  if (!existsSync(script)) return { error: `${script} not found` };
  const byBatch = {};
  const rssByBatch = {};
  let name;
  for (const batch of batches) {
    // A wrapper reads the child's peak RSS (ru_maxrss, KiB on Linux).
    const wrapper = 'import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); print("RSS", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)';
    const out = spawnSync('/usr/bin/python3', ['-c', wrapper, '/usr/bin/python3', script, 'throughput', '--batches', String(batch), '--seconds', String(seconds), '--reps', String(reps)], { encoding: 'utf8' });
    const row = out.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))[0];
    if (!row) return { error: out.stderr.trim().split('\n').slice(-2).join(' ') };
    name = row.backend;
    byBatch[batch] = row.median_sps;
    const rss = out.stdout.split('\n').find((l) => l.startsWith('RSS '));
    if (rss) rssByBatch[batch] = Number(rss.slice(4)) / 1024;
  }
  return { name, byBatch, rssByBatch };
}

/** The browser's Train tab (bench/browser-train.mjs), or why it was not measured. */
function browser(extra = []) {
  if (!existsSync(join(root, 'apps/web/dist/index.html'))) return { error: 'apps/web/dist is not built (pnpm build)' };
  const out = spawnSync(process.execPath, [join(root, 'bench/browser-train.mjs'), ...extra], { encoding: 'utf8', timeout: 300_000 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) return { error: (out.stderr.trim().split('\n').slice(-1)[0] ?? 'failed').slice(0, 300) };
  return JSON.parse(line);
}

async function main() {
  const backends = option('backends', 'tensorflow,wasm,cpu').split(',');
  const batches = option('batches', '32,128,512').split(',').map(Number);
  const impls = option('impl', 'layers,fused,kernel,default').split(',');
  const seconds = Number(option('seconds', '2'));
  const reps = Number(option('reps', '5'));
  const rssSteps = Number(option('rss-steps', '10000'));
  const results = [];
  const interleavedTorch = flag('torch');
  let torchBefore;
  if (interleavedTorch) {
    torchBefore = torch(batches, seconds, reps);
    console.log('pytorch', JSON.stringify(torchBefore));
  }
  for (const backend of backends) {
    for (const batch of batches) {
      for (const impl of impls) {
        // Stock layers on cpu take seconds per step at batch 512: fewer, shorter runs there.
        const slow = backend === 'cpu' && impl === 'layers';
        // cpu: batch <= 128 only unless asked for (--cpu-large).
        if ((backend === 'cpu' && batch > 128 && !flag('cpu-large')) || (slow && batch > 128)) continue;
        // tfjs-node keeps its own path (native kernels on every core): no kernel, no worker threads.
        if ((impl === 'default' || impl === 'kernel') && backend === 'tensorflow') continue;
        if (backend === 'tensorflow' && results.some((r) => r.backend === 'tensorflow' && r.error)) continue;
        const r = measure({ backend, impl, batch, seconds: slow ? Math.min(seconds, 1) : seconds, reps: slow ? 3 : reps, predict: impl === 'layers' && batch === batches[0], tensors: flag('tensors') });
        results.push(r);
        console.log(r.error ? `${backend} ${impl} ${batch}: ${r.error}` : `${backend.padEnd(10)} ${(impl + (r.threads > 1 ? ` x${r.threads}` : '')).padEnd(11)} batch ${String(batch).padStart(3)}  ${Math.round(r.medianSps).toString().padStart(6)} ex/s  rss ${Math.round(r.peakRssMiB)} MiB  [${r.rates.map(Math.round).join(' ')}]`);
      }
    }
  }
  // A long run of the default at the first batch size: RSS after 1,000 and after rssSteps steps.
  const long = rssSteps > 0 && backends.includes('wasm') && impls.includes('default')
    ? measure({ backend: 'wasm', impl: 'default', batch: batches[0], seconds: 0.2, reps: 1, rssSteps })
    : undefined;
  if (long) console.log('long run', JSON.stringify({ rssMiB: long.rssMiB, tensors: long.tensors, error: long.error }));
  const web = flag('no-browser') ? undefined : browser();
  if (web) console.log('browser', JSON.stringify(web));
  let torchAfter;
  if (interleavedTorch) {
    torchAfter = torch(batches, seconds, reps);
    console.log('pytorch', JSON.stringify(torchAfter));
  }
  const mean = (values) => (values.length ? values.reduce((a, b) => a + b) / values.length : undefined);
  const torchSps = (batch) => mean([torchBefore?.byBatch?.[batch], torchAfter?.byBatch?.[batch]].filter((x) => x != null));
  const torchRss = (batch) => {
    const v = [torchBefore?.rssByBatch?.[batch], torchAfter?.rssByBatch?.[batch]].filter((x) => x != null);
    return v.length ? Math.max(...v) : undefined;
  };

  const command = `node bench/train-throughput.mjs ${argv.filter((a) => a !== '--no-write').join(' ')}`.trim();
  const os = await import('node:os');
  const lines = [];
  lines.push(`Command: \`${command}\` (via \`pnpm bench\` when run without options)  `);
  lines.push(`Date: ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}  `);
  lines.push(`Median training examples/s after a 3 s warm-up (${reps} timed runs of ~${seconds} s each; stock cpu: 3 of ~1 s, batch <= 128).` +
    (torchSps(32) ? ` PyTorch: ${torchBefore?.name ?? torchAfter?.name}, mean of one run before and one after ours; its peak RSS is the larger of the two.` : ''));
  lines.push('');
  const hasTorch = torchSps(batches[0]) !== undefined;
  lines.push(`| backend | batch | stock layers | fused, 1 thread | kernel, 1 thread | **default** (kernel, threads) | default / stock |${hasTorch ? ' PyTorch | **default / PyTorch** |' : ''} peak RSS default (MiB) |${hasTorch ? ' peak RSS PyTorch (MiB) |' : ''}`);
  lines.push(`|---|---:|---:|---:|---:|---:|---:|${hasTorch ? '---:|---:|' : ''}---:|${hasTorch ? '---:|' : ''}`);
  for (const backend of backends) {
    for (const batch of batches) {
      const pick = (impl) => results.find((r) => r.backend === backend && r.batch === batch && r.impl === impl && !r.error);
      const s = pick('layers');
      const f = pick('fused');
      const k = pick('kernel');
      // tfjs-node's default is the fused step on one JavaScript thread (tfjs-node runs its own threads).
      const d = pick('default') ?? (backend === 'tensorflow' ? f : undefined);
      if (!s && !f && !d) continue;
      const fmt = (r) => (r ? Math.round(r.medianSps).toLocaleString('en-US') : '–');
      const t = torchSps(batch);
      const tr = torchRss(batch);
      lines.push(`| ${backend} | ${batch} | ${fmt(s)} | ${fmt(f)} | ${fmt(k)} | ${d ? `${fmt(d)} (${d.threads ?? 1})` : '–'} | ${s && d ? (d.medianSps / s.medianSps).toFixed(1) + 'x' : '–'} |` +
        (hasTorch ? ` ${t ? Math.round(t).toLocaleString('en-US') : '–'} | ${t && d ? (d.medianSps / t).toFixed(2) : '–'} |` : '') +
        ` ${d ? Math.round(d.peakRssMiB) : '–'} |` + (hasTorch ? ` ${tr ? Math.round(tr) : '–'} |` : ''));
    }
  }
  if (long?.rssMiB) {
    const steps = Object.keys(long.rssMiB).map(Number).sort((a, b) => a - b);
    lines.push('');
    lines.push(`Long run (wasm, default, batch ${batches[0]}, ${steps.at(-1).toLocaleString('en-US')} steps): RSS ${steps.map((n) => `${Math.round(long.rssMiB[n])} MiB after ${n.toLocaleString('en-US')} steps`).join(', ')}; ${long.tensors} tensors alive at the end.`);
  }
  if (web) {
    lines.push('');
    lines.push(web.error
      ? `Browser: not measured (${web.error}).`
      : `Browser (web app's Train tab, headless Chromium ${web.chromium}, page cross-origin isolated: ${web.crossOriginIsolated}; seed's model, batch ${web.batchSize}, ${web.backend}, ${web.threads} thread${web.threads === 1 ? '' : 's'}): **${web.browserExamplesPerSecond.toLocaleString('en-US')} examples/s**` +
        (torchSps(32) ? `, ${(web.browserExamplesPerSecond / torchSps(32)).toFixed(2)}x PyTorch's batch-32 figure above.` : '.'));
  }
  const predicts = results.filter((r) => r.predictLatencyMs != null);
  if (predicts.length) {
    lines.push('');
    lines.push('| backend | single-question predict latency (ms, median) | batch-512 predict throughput (questions/s) |');
    lines.push('|---|---:|---:|');
    for (const r of predicts) lines.push(`| ${r.backend} | ${r.predictLatencyMs.toFixed(2)} | ${Math.round(r.predictBatchSps).toLocaleString('en-US')} |`);
  }
  const skipped = results.filter((r) => r.error);
  if (skipped.length) lines.push('', ...skipped.map((r) => `Not measured: ${r.backend} ${r.impl} batch ${r.batch}: ${r.error.slice(0, 200)}`));
  const table = lines.join('\n');
  console.log(`\n${table}`);
  if (!flag('no-write')) writeBenchmarksBlock('train-throughput', table, 'Training throughput');
}

/**
 * Thread scaling (--threads): the kernel at each batch size on each thread count, measured in
 * turn for `rounds` rounds, plus one thread at each shard's size (the compute a thread has to do).
 * Prints (and writes into BENCHMARKS.md) the medians over rounds, the ratio to one thread and the
 * efficiency of the split.
 */
async function scaling() {
  const counts = option('threads', '1,2,3').split(',').map(Number);
  const batches = option('batches', '32,64,128').split(',').map(Number);
  const seconds = Number(option('seconds', '2'));
  const reps = Number(option('reps', '3'));
  const rounds = Number(option('rounds', '3'));
  if (!counts.includes(1)) counts.unshift(1);
  // The shard sizes the counts give each batch (shardsOf: ceil(batch / threads) for the first).
  const shardOf = (batch, threads) => Math.ceil(batch / threads);
  const sizes = [...new Set(batches.flatMap((batch) => counts.map((threads) => shardOf(batch, threads))))].sort((a, b) => a - b);
  const rates = new Map();
  const key = (batch, threads) => `${batch}x${threads}`;
  for (let round = 1; round <= rounds; round++) {
    const jobs = [
      ...batches.flatMap((batch) => counts.filter((threads) => threads > 1).map((threads) => ({ batch, threads }))),
      ...sizes.map((batch) => ({ batch, threads: 1 })),
    ];
    for (const { batch, threads } of jobs) {
      const r = measure({ backend: 'wasm', impl: 'kernel', batch, threads, seconds, reps });
      if (r.error) throw new Error(`batch ${batch}, ${threads} threads: ${r.error}`);
      const list = rates.get(key(batch, threads)) ?? [];
      list.push(r.medianSps);
      rates.set(key(batch, threads), list);
      console.log(`round ${round}  batch ${String(batch).padStart(3)}  threads ${threads}  ${Math.round(r.medianSps).toString().padStart(6)} ex/s`);
    }
  }
  // --browser: the web app's Train tab at each batch on 1 and 2 threads (what Chromium offers on
  // this machine's cores), in turn, for as many rounds; a shorter window than browser-train's own.
  const web = new Map();
  const webCounts = counts.filter((threads) => threads <= 2);
  if (flag('browser')) {
    for (let round = 1; round <= rounds; round++) {
      for (const batch of batches) {
        for (const threads of webCounts) {
          const r = browser(['--batch', String(batch), '--threads', String(threads), '--warmup', '8', '--window', '12']);
          const failure = r.error ?? (r.threads !== threads ? `asked for ${threads} threads, the page used ${r.threads}` : undefined);
          if (failure !== undefined) {
            console.log(`round ${round}  browser  batch ${String(batch).padStart(3)}  threads ${threads}  not measured: ${failure}`);
            continue;
          }
          const list = web.get(key(batch, threads)) ?? [];
          list.push(r.browserExamplesPerSecond);
          web.set(key(batch, threads), list);
          console.log(`round ${round}  browser  batch ${String(batch).padStart(3)}  threads ${threads}  ${r.browserExamplesPerSecond} ex/s  (Chromium ${r.chromium}, isolated ${r.crossOriginIsolated})`);
        }
      }
    }
  }
  const rate = (batch, threads) => median(rates.get(key(batch, threads)));
  const fmt = (value) => Math.round(value).toLocaleString('en-US');
  const os = await import('node:os');
  const cores = os.cpus().length;
  const command = `node bench/train-throughput.mjs ${argv.filter((a) => a !== '--no-write').join(' ')}`.trim();
  const lines = [
    `Command: \`${command}\`  `,
    `Date: ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}  `,
    `Kernel training examples/s (wasm), median over ${rounds} rounds of each thread count in turn (each round: ${reps} timed runs of ~${seconds} s after a 3 s warm-up). ` +
      'Efficiency: the rate over (threads × one thread\'s rate on one shard, batch / threads examples), what a split that lost nothing would reach; ' +
      `with more threads than the ${cores} cores, over (cores × that rate). Each thread count's rounds are listed below the table: the VM's speed drifts between them.`,
    '',
    `| batch | ${counts.map((threads) => `${threads} thread${threads > 1 ? 's' : ''}`).join(' | ')} | ${counts.filter((t) => t > 1).map((t) => `${t} / 1`).join(' | ')} | ${counts.filter((t) => t > 1).map((t) => `efficiency, ${t}`).join(' | ')} |`,
    `|---:|${counts.map(() => '---:').join('|')}|${counts.filter((t) => t > 1).map(() => '---:').join('|')}|${counts.filter((t) => t > 1).map(() => '---:').join('|')}|`,
  ];
  for (const batch of batches) {
    const one = rate(batch, 1);
    const many = counts.filter((t) => t > 1);
    lines.push(`| ${batch} | ${counts.map((t) => fmt(rate(batch, t))).join(' | ')} | ${many.map((t) => `${(rate(batch, t) / one).toFixed(2)}x`).join(' | ')} | ` +
      `${many.map((t) => `${Math.round((100 * rate(batch, t)) / (Math.min(t, cores) * rate(shardOf(batch, t), 1)))}%`).join(' | ')} |`);
  }
  lines.push('', `One thread at the shard sizes: ${sizes.map((size) => `${size}: ${fmt(rate(size, 1))}`).join(', ')} examples/s.`);
  // The kernel's arithmetic per example of the seed's model (5 digits, LSTM 128): the products of
  // the forward pass (2.25 MFLOP: the encoder's 11 steps, the decoder's repeated input once and its
  // 6 steps, the output layer), the weight gradients (as many) and the input gradients (all but
  // the one-hot inputs'): 6.62 MFLOP. The elementwise work (gates, loss, Adam) is not counted.
  const mflop = 6.62;
  const best = Math.max(...sizes.map((size) => rate(size, 1)));
  lines.push('', `At ${mflop} MFLOP of products per example, one thread runs ${(best * mflop / 1000).toFixed(1)} GFLOP/s (at its best batch above); ` +
    `${cores} threads at batch ${batches[0]} run ${(rate(batches[0], Math.min(cores, Math.max(...counts))) * mflop / 1000).toFixed(1)} GFLOP/s together.`);
  lines.push('', `Rounds, in order: ${batches.flatMap((batch) => counts.map((t) => `batch ${batch} × ${t}: ${rates.get(key(batch, t)).map(fmt).join(' / ')}`)).join('; ')}.`);
  if (web.size > 0) {
    const webRate = (batch, threads) => median(web.get(key(batch, threads)) ?? [Number.NaN]);
    lines.push('', `Browser: the web app's Train tab (headless Chromium, cross-origin isolated, wasm), median over ${rounds} rounds of an 8 s warm-up and a 12 s window each.`, '');
    lines.push(`| batch | ${webCounts.map((t) => `${t} thread${t > 1 ? 's' : ''}`).join(' | ')} | ${webCounts.filter((t) => t > 1).map((t) => `${t} / 1`).join(' | ')} |`);
    lines.push(`|---:|${webCounts.map(() => '---:').join('|')}|${webCounts.filter((t) => t > 1).map(() => '---:').join('|')}|`);
    for (const batch of batches) {
      lines.push(`| ${batch} | ${webCounts.map((t) => fmt(webRate(batch, t))).join(' | ')} | ${webCounts.filter((t) => t > 1).map((t) => `${(webRate(batch, t) / webRate(batch, 1)).toFixed(2)}x`).join(' | ')} |`);
    }
  }
  const table = lines.join('\n');
  console.log(`\n${table}`);
  if (!flag('no-write')) writeBenchmarksBlock('thread-scaling', table, 'Thread scaling');
}

if (argv[0] === '--child') await child(JSON.parse(argv[1]));
else if (option('threads', undefined) !== undefined) await scaling();
else await main();
