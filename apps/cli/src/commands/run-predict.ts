import { useBackend, type BackendChoice } from '@addrnn/model';
import type { ParsedCommandLine } from '../command-line.js';
import { keepStdoutForJson, writeJsonLine } from '../json-output.js';
import { checkModelDirectory, openModel } from '../model-source.js';
import { UsageError } from '../usage-error.js';

export async function runPredict(parsed: ParsedCommandLine): Promise<number> {
  const json = parsed.flag('json');
  if (json) keepStdoutForJson();
  const questions = await readQuestions(parsed.positionals);
  if (questions.length === 0) {
    throw new UsageError('predict needs at least one question, e.g. addrnn predict "535+61"', 'predict');
  }
  await checkModelDirectory(parsed.string('model'), 'predict');
  await useBackend((parsed.string('backend') ?? 'auto') as BackendChoice);
  const adder = await openModel(parsed.string('model'));
  try {
    // Check every question before answering any, so that a typo fails the whole call.
    for (const question of questions) adder.check(question);
    if (!json && !parsed.flag('confidence')) {
      for (const answer of adder.predictBatch(questions)) process.stdout.write(`${answer}\n`);
      return 0;
    }
    for (const question of questions) {
      const decoded = adder.predictWithConfidence(question);
      if (json) {
        writeJsonLine({ question, answer: decoded.answer, confidence: decoded.confidence });
      } else {
        const characters = [...decoded.answer];
        const perCharacter = characters.map(
          (character, index) => `${character} ${((decoded.confidence[index] ?? Number.NaN) * 100).toFixed(1)}%`,
        );
        process.stdout.write(`${decoded.answer}\t${perCharacter.join('  ')}\n`);
      }
    }
    return 0;
  } finally {
    adder.dispose();
  }
}

/** The questions as given; `-` stands for the lines of stdin. Surrounding blanks are dropped. */
async function readQuestions(positionals: readonly string[]): Promise<string[]> {
  const questions: string[] = [];
  for (const word of positionals) {
    if (word !== '-') {
      questions.push(word.trim());
      continue;
    }
    let text = '';
    process.stdin.setEncoding('utf8');
    for await (const chunk of process.stdin) text += chunk as string;
    questions.push(...text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''));
  }
  return questions;
}
