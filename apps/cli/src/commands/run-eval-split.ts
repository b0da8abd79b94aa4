// `addrnn eval` for a seq2seq model: accuracy on the held-out test split and, with --hard, on
// the hard cases of its task.
import { ArithmeticDataset, type Example } from '@addrnn/dataset';
import type { Adder } from '@addrnn/model';
import { evaluate, type Evaluation } from '@addrnn/trainer';
import type { ParsedCommandLine } from '../command-line.js';
import { writeJsonLine } from '../json-output.js';
import type { EvaluationRun } from '../families/cli-family.js';
import { formatCount, formatLoss, formatPercent } from '../number-format.js';
import { UsageError } from '../usage-error.js';
import { defaultSamples } from './eval-defaults.js';

interface SetResult {
  name: string;
  questions: number;
  evaluation: Evaluation;
}

/** Runs the test-split evaluation for `addrnn eval`; prints a report, or one JSON object. */
export function runSplitEval(parsed: ParsedCommandLine, adder: Adder, { directory, seed, json, title }: EvaluationRun): number {
  for (const flag of ['lengths', 'chains']) {
    if (parsed.has(flag)) throw new UsageError(`--${flag} measures aligned models by length; this model is the seq2seq family`, 'eval');
  }
  const dataset = new ArithmeticDataset({ codec: adder.codec, seed });
  const requested = parsed.number('samples') ?? defaultSamples;
  const available = testPairs(dataset);
  const testExamples = dataset.testSet(available === undefined ? requested : Math.min(requested, available));
  const sets: SetResult[] = [run('test', testExamples, adder)];
  if (parsed.flag('hard')) sets.push(run('hard', dataset.hardCases(), adder));
  const shown = parsed.number('errors') ?? 20;

  if (json) {
    writeJsonLine({
      model: directory ?? null,
      seed,
      ...Object.fromEntries(
        sets.map((set) => [
          set.name,
          {
            questions: set.questions,
            loss: set.evaluation.loss,
            charAccuracy: set.evaluation.charAccuracy,
            exactMatch: set.evaluation.exactMatch,
            errorCount: set.evaluation.errors.length,
            errors: set.evaluation.errors.slice(0, shown),
          },
        ]),
      ),
    });
    return 0;
  }

  const out = (line = ''): void => {
    process.stdout.write(`${line}\n`);
  };
  out(`Model: ${title}`);
  if (requested > testExamples.length) {
    out(`The test split holds only ${formatCount(testExamples.length)} distinct questions for this task; using all of them.`);
  }
  for (const set of sets) {
    out();
    const title = set.name === 'test' ? `Test split (seed ${seed})` : 'Hard cases';
    out(`${title}: ${formatCount(set.questions)} questions`);
    out(`  per character  ${formatPercent(set.evaluation.charAccuracy)}`);
    out(`  whole answer   ${formatPercent(set.evaluation.exactMatch)}  (${formatCount(set.evaluation.errors.length)} wrong)`);
    out(`  loss           ${formatLoss(set.evaluation.loss)}`);
    const errors = set.evaluation.errors.slice(0, shown);
    if (errors.length > 0) {
      out(`  ${errors.length === set.evaluation.errors.length ? 'Wrong answers' : `First ${errors.length} of ${formatCount(set.evaluation.errors.length)} wrong answers`}:`);
      const questionWidth = Math.max(...errors.map((error) => error.question.length));
      const answerWidth = Math.max(...errors.map((error) => error.expected.length));
      for (const error of errors) {
        out(`    Q ${error.question.padEnd(questionWidth)}  T ${error.expected.padEnd(answerWidth)}  ✗ ${error.predicted}`);
      }
    }
  }
  return 0;
}

function run(name: string, examples: readonly Example[], adder: Adder): SetResult {
  return { name, questions: examples.length, evaluation: evaluate(adder.model, adder.codec, examples) };
}

/** Distinct questions in the test split, when the dataset can count them. */
function testPairs(dataset: ArithmeticDataset): number | undefined {
  try {
    const count = dataset.distinctPairs('test');
    return Number.isFinite(count) && count > 0 ? count : undefined;
  } catch {
    return undefined;
  }
}
