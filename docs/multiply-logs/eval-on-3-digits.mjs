// The 3-digit held-out test split (10,000 questions) and the 3-digit hard cases for *, on a
// multiplier of any digits (after pnpm build): node docs/multiply-logs/eval-on-3-digits.mjs DIR
import { loadAdder, useBackend } from '../../packages/model/dist/index.js';
import { ArithmeticDataset } from '../../packages/dataset/dist/index.js';
import { Codec } from '../../packages/codec/dist/index.js';
await useBackend('wasm');
const adder = await loadAdder(process.argv[2]);
const dataset = new ArithmeticDataset({ codec: new Codec({ digits: 3, operators: ['*'] }), seed: 1 });
const questions = dataset.testSet(10_000).map((e) => e.question);
const answers = adder.predictBatch(questions);
const wrong = questions.filter((q, i) => answers[i] !== String(BigInt(q.split('*')[0]) * BigInt(q.split('*')[1])));
const full = questions.filter((q) => q.split('*').every((o) => o.length === 3));
console.log(`${process.argv[2]}: 3-digit test split ${questions.length} questions (${full.length} of them 3x3), ${((1 - wrong.length / questions.length) * 100).toFixed(2)}% exact, wrong: ${wrong.slice(0, 10).join(' ')}; all in test split: ${questions.every((q) => dataset.splitOf(q) === 'test')}`);
const hard = dataset.hardCases().map((c) => c.question);
const hardAnswers = adder.predictBatch(hard);
const hardWrong = hard.filter((q, i) => hardAnswers[i] !== String(BigInt(q.split('*')[0]) * BigInt(q.split('*')[1])));
console.log(`  3-digit hard cases: ${hard.length - hardWrong.length} of ${hard.length} right; wrong: ${hardWrong.join(' ')}`);
