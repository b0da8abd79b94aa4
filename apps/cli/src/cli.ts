import { AddrnnError } from '@addrnn/codec';
import { closest, commandHelp, parseCommandLine, type Command } from './command-line.js';
import { debugEnabled } from './debug.js';
import { evalCommand } from './commands/eval.js';
import { infoCommand } from './commands/info.js';
import { predictCommand } from './commands/predict.js';
import { trainCommand } from './commands/train.js';
import { UsageError } from './usage-error.js';
import { version } from './version.js';

const commands: readonly Command[] = [trainCommand, evalCommand, predictCommand, infoCommand];

/** Error codes of the libraries that mean "the command line asked for something impossible". */
const usageCodes = new Set(['INVALID_QUESTION', 'INVALID_ANSWER', 'INVALID_OPTION', 'CHECKPOINT', 'RUN_EXISTS']);

/**
 * Runs one command line and returns the exit status: 0 done, 1 failed while running,
 * 2 the command line is wrong, 130 interrupted. Errors become one line on stderr.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  let commandName: string | undefined;
  try {
    const [first, ...rest] = args;
    if (first === undefined) {
      process.stderr.write(topLevelHelp());
      return 2;
    }
    if (first === '--help' || first === '-h') {
      process.stdout.write(topLevelHelp());
      return 0;
    }
    if (first === '--version' || first === '-v' || first === '-V') {
      process.stdout.write(`${version}\n`);
      return 0;
    }
    if (first === 'help') return help(rest[0]);
    if (first.startsWith('-')) throw new UsageError(`expected a command before ${first}`);
    const command = findCommand(first);
    commandName = command.name;
    const parsed = parseCommandLine(command, rest);
    if (parsed.flag('help')) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(parsed);
  } catch (error) {
    return report(error, commandName);
  }
}

function help(name: string | undefined): number {
  if (name === undefined) {
    process.stdout.write(topLevelHelp());
    return 0;
  }
  process.stdout.write(commandHelp(findCommand(name)));
  return 0;
}

function findCommand(name: string): Command {
  const command = commands.find((candidate) => candidate.name === name);
  if (command) return command;
  const suggestion = closest(name, commands.map((candidate) => candidate.name));
  throw new UsageError(`unknown command "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
}

function topLevelHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    `addrnn ${version}: train, evaluate and use neural networks that do arithmetic on text.`,
    '',
    'Usage: addrnn <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (addrnn <command> --help for a command\'s options)',
    '  -v, --version  Show the version',
    '',
    'Examples:',
    '  addrnn train                               train the Keras addition_rnn model into a new runs/run-NNN',
    '  addrnn predict "535+61"                    ask the pretrained model',
    '  addrnn eval --model runs/latest/best --hard',
    '',
    'Set DEBUG=addrnn to see stack traces of errors.',
    '',
  ].join('\n');
}

function report(error: unknown, command: string | undefined): number {
  const debug = debugEnabled();
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const isUsage =
    error instanceof UsageError || (error instanceof AddrnnError && usageCodes.has(error.code));
  process.stderr.write(`addrnn: ${message}\n`);
  if (isUsage) {
    const target = error instanceof UsageError ? error.command : command;
    process.stderr.write(`Run "addrnn ${target === undefined ? '' : `${target} `}--help" for usage.\n`);
  } else if (!(error instanceof AddrnnError) && !debug) {
    process.stderr.write('This looks like a bug; run again with DEBUG=addrnn for the stack trace.\n');
  }
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return isUsage ? 2 : 1;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
