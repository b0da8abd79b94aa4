// `addrnn eval` for an aligned model: whole-answer accuracy by operand length, far past the
// lengths it trained on, and on carry chains of every length (a multiplier: on its hard cases).
import { AlignedLayout, ProductLayout, SignedLayout } from '@addrnn/codec';
import { ArithmeticDataset, createRandom, longBorrowCases, longCarryCases, type Example, type Random } from '@addrnn/dataset';
import type { Adder } from '@addrnn/model';
import type { ParsedCommandLine } from '../command-line.js';
import { writeJsonLine } from '../json-output.js';
import { formatCount, formatPercent } from '../number-format.js';
import { UsageError } from '../usage-error.js';
import { DEFAULT_ALIGNED_LENGTHS, DEFAULT_CHAIN_LENGTH } from './eval-defaults.js';

/** Digits predicted at once: questions go to the model in groups of about this many columns. */
const GROUP_COLUMNS = 1 << 20;

/** Questions and wrong answers of one part of a result. */
interface Part {
  questions: number;
  wrong: number;
}

interface LengthResult {
  name: string;
  /** The same by operator (`'+'`, `'-'`) and for questions whose answer is negative (`'negative'`). */
  parts: Record<string, Part>;
  digits: number | null;
  questions: number;
  wrong: number;
  exactMatch: number;
  /** Mean wall time per question, ms (groups of questions predicted together). */
  millisecondsPerQuestion: number;
  errors: { question: string; expected: string; predicted: string; firstWrongDigit: number }[];
}

/** Questions per length: 10,000 up to 100 digits, then as many as make 1M digits, at least 100. */
export function samplesForLength(digits: number): number {
  return Math.max(100, Math.min(10_000, Math.floor(1_000_000 / digits)));
}

function parseLengths(text: string | undefined, fallback: number[], most: number): number[] {
  if (text === undefined) return fallback;
  const lengths = text.split(',').map((part) => Number(part.trim()));
  if (lengths.length === 0 || lengths.some((length) => !Number.isInteger(length) || length < 1 || length > most)) {
    throw new UsageError(`--lengths takes operand lengths from 1 to ${most} (the longest this model answers) separated by commas, e.g. ${fallback.join(',')}, got "${text}"`, 'eval');
  }
  return lengths;
}

/** The operator of a valid question: its one non-digit. */
function operatorOf(question: string): string {
  return question.includes('*') ? '*' : question.includes('-') ? '-' : '+';
}

function randomNumber(random: Random, digits: number): string {
  const characters = new Array<string>(digits);
  characters[0] = String(1 + random.integer(9));
  for (let i = 1; i < digits; i += 1) characters[i] = String(random.integer(10));
  return characters.join('');
}

function measure(name: string, digits: number | null, examples: readonly Example[], adder: Adder, shown: number): LengthResult {
  const errors: LengthResult['errors'] = [];
  const parts: Record<string, Part> = {};
  const count = (part: string, right: boolean): void => {
    const entry = (parts[part] ??= { questions: 0, wrong: 0 });
    entry.questions += 1;
    if (!right) entry.wrong += 1;
  };
  let wrong = 0;
  const began = performance.now();
  let start = 0;
  while (start < examples.length) {
    // A group holds about GROUP_COLUMNS digits (lengths may grow along the list).
    let end = start;
    let columns = 0;
    while (end < examples.length && (end === start || columns + examples[end]!.question.length <= GROUP_COLUMNS)) {
      columns += examples[end]!.question.length;
      end += 1;
    }
    const group = examples.slice(start, end);
    const answers = adder.predictBatch(group.map((example) => example.question));
    group.forEach((example, i) => {
      const right = answers[i] === example.answer;
      count(operatorOf(example.question), right);
      if (example.answer.startsWith('-')) count('negative', right);
      if (right) return;
      wrong += 1;
      if (errors.length < shown) errors.push({ question: example.question, expected: example.answer, predicted: answers[i]!, firstWrongDigit: firstDifference(example.answer, answers[i]!) });
    });
    start += group.length;
  }
  const seconds = (performance.now() - began) / 1000;
  return {
    name,
    parts,
    digits,
    questions: examples.length,
    wrong,
    exactMatch: examples.length === 0 ? 0 : (examples.length - wrong) / examples.length,
    millisecondsPerQuestion: examples.length === 0 ? 0 : (seconds * 1000) / examples.length,
    errors,
  };
}

/** Digits from the right (1 = the units) of the first difference, reading from the least significant end. */
function firstDifference(expected: string, predicted: string): number {
  const length = Math.max(expected.length, predicted.length);
  for (let i = 1; i <= length; i += 1) {
    if (expected[expected.length - i] !== predicted[predicted.length - i]) return i;
  }
  return 0;
}

function shorten(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 18)}…(${formatCount(text.length)} chars)…${text.slice(-12)}`;
}

/** Runs the aligned evaluation for `addrnn eval`; prints a table, or one JSON object. */
export function runAlignedEval(parsed: ParsedCommandLine, adder: Adder, directory: string | undefined, seed: number, json: boolean): number {
  const trained = adder.codec.digits;
  // A multiplier: its test split, then longer operands (the stretch), then its hard cases instead of chains.
  const multiplies = adder.codec.operators.includes('*');
  const lengths = parseLengths(parsed.string('lengths'), multiplies ? [trained, trained + 1, 2 * trained] : DEFAULT_ALIGNED_LENGTHS, Math.min(adder.maxDigits, 1_000_000));
  const chains = multiplies ? 0 : (parsed.number('chains') ?? DEFAULT_CHAIN_LENGTH);
  const samples = parsed.number('samples');
  const shown = parsed.number('errors') ?? 5;
  // A signed model answers + and -: its random questions alternate the two, and its chains add borrows.
  const signed = adder.codec.operators.includes('-');
  const solve = multiplies ? ProductLayout.solve : signed ? SignedLayout.solve : AlignedLayout.solve;
  const symbol = (index: number) => (multiplies ? '*' : signed && index % 2 === 1 ? '-' : '+');
  const dataset = new ArithmeticDataset({ codec: adder.codec, seed });
  const results: LengthResult[] = [];
  for (const digits of lengths) {
    const count = samples ?? samplesForLength(digits);
    // Up to the trained length: the held-out test split. Past it, every question is unseen.
    const examples =
      digits <= trained
        ? dataset.testSet(count)
        : (() => {
            const random = createRandom((seed ^ Math.imul(digits, 0x9e3779b1)) >>> 0);
            return Array.from({ length: count }, (_, index) => {
              const question = `${randomNumber(random, digits)}${symbol(index)}${randomNumber(random, digits)}`;
              return { question, answer: solve(question) };
            });
          })();
    const name = digits <= trained ? `test split (operands of 1-${trained} digits)` : `${formatCount(digits)}-digit operands`;
    results.push(measure(name, digits <= trained ? null : digits, examples, adder, shown));
  }
  if (multiplies) results.push(measure(`hard cases for * (${trained} digits)`, null, dataset.hardCases(), adder, shown));
  if (chains > 0) {
    const cases: Example[] = [];
    for (let digits = 1; digits <= chains; digits += 1) cases.push(...longCarryCases(digits));
    results.push(measure(`carry chains of every length 1-${formatCount(chains)}`, null, cases, adder, shown));
    if (signed) {
      const borrows: Example[] = [];
      for (let digits = 1; digits <= chains; digits += 1) borrows.push(...longBorrowCases(digits));
      results.push(measure(`borrow and sign chains 1-${formatCount(chains)}`, null, borrows, adder, shown));
    }
  }
  if (json) {
    writeJsonLine({ model: directory ?? null, family: 'aligned', trainedDigits: trained, seed, results });
    return 0;
  }
  const out = (line = ''): void => {
    process.stdout.write(`${line}\n`);
  };
  out(`Aligned model trained on operands of up to ${trained} digits, operators ${adder.codec.operators.join(' ')}; whole-answer accuracy by length (seed ${seed}):`);
  out();
  const width = Math.max(...results.map((result) => result.name.length));
  // A signed model's rows also say how each operator, and the negative answers, fared.
  const partNames = signed ? ['+', '-', 'negative'] : [];
  const partText = (part: Part | undefined) => (part === undefined ? '-' : `${formatPercent((part.questions - part.wrong) / part.questions)} of ${formatCount(part.questions)}`);
  const partColumns = partNames.map((name) => `  ${(name === 'negative' ? 'answers < 0' : `exact ${name}`).padStart(18)}`).join('');
  out(`  ${'questions'.padEnd(width)}  ${'count'.padStart(7)}  ${'exact'.padStart(8)}  ${'wrong'.padStart(6)}${partColumns}  ms/question`);
  for (const result of results) {
    const parts = partNames.map((name) => `  ${partText(result.parts[name]).padStart(18)}`).join('');
    out(`  ${result.name.padEnd(width)}  ${formatCount(result.questions).padStart(7)}  ${formatPercent(result.exactMatch).padStart(8)}  ${String(result.wrong).padStart(6)}${parts}  ${result.millisecondsPerQuestion.toFixed(2)}`);
  }
  for (const result of results.filter((r) => r.errors.length > 0)) {
    out();
    out(`  First wrong answers, ${result.name}:`);
    for (const error of result.errors) out(`    Q ${shorten(error.question)}  first wrong digit: ${error.firstWrongDigit} from the right`);
  }
  return 0;
}
