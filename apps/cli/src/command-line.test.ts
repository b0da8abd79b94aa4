import { describe, expect, it } from 'vitest';
import { closest } from './closest-word.js';
import { commandHelp, parseCommandLine, type Command } from './command-line.js';
import { UsageError } from './usage-error.js';

const command: Command = {
  name: 'demo',
  summary: 'A command for tests.',
  usage: ['demo [options]'],
  options: [
    { name: 'count', kind: 'integer', minimum: 1, maximum: 10, description: 'How many.' },
    { name: 'rate', kind: 'number', minimum: 0, exclusiveMinimum: true, placeholder: 'R', description: 'How fast.' },
    { name: 'mode', aliases: ['style'], kind: 'choice', choices: ['a', 'b'], description: 'Which.' },
    { name: 'verbose', short: 'v', kind: 'boolean', description: 'Say more.' },
  ],
  examples: ['addrnn demo --count 3'],
  run: async () => 0,
};

function usageMessage(args: string[]): string {
  try {
    parseCommandLine(command, args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandLine', () => {
  it('converts numbers, choices and switches', () => {
    const parsed = parseCommandLine(command, ['--count', '3', '--rate=1e-3', '--mode', 'b', '-v']);
    expect(parsed.number('count')).toBe(3);
    expect(parsed.number('rate')).toBe(0.001);
    expect(parsed.string('mode')).toBe('b');
    expect(parsed.flag('verbose')).toBe(true);
    expect(parsed.has('count')).toBe(true);
    expect(parsed.flag('help')).toBe(false);
  });

  it('leaves flags that were not given unset', () => {
    const parsed = parseCommandLine(command, []);
    expect(parsed.number('count')).toBeUndefined();
    expect(parsed.has('rate')).toBe(false);
  });

  it('accepts underscores between digits', () => {
    expect(parseCommandLine(command, ['--count', '1_0']).number('count')).toBe(10);
  });

  it.each([
    [['--count', 'x'], '--count must be an integer from 1 to 10, got "x"'],
    [['--count', '11'], '--count must be an integer from 1 to 10, got "11"'],
    [['--count', '1.5'], '--count must be an integer from 1 to 10, got "1.5"'],
    [['--count', ''], '--count must be an integer from 1 to 10, got ""'],
    [['--rate', '0'], '--rate must be a number > 0, got "0"'],
    [['--rate', '-2'], '--rate must be a number > 0, got "-2"'],
    [['--rate', 'Infinity'], '--rate must be a number > 0, got "Infinity"'],
    [['--mode', 'c'], '--mode must be one of a, b, got "c"'],
    [['--cont', '1'], 'unknown flag --cont for "demo" (did you mean --count?)'],
    [['-x'], 'unknown flag -x for "demo"'],
    [['--count'], '--count needs a value'],
    [['--verbose=1'], '--verbose is a switch and takes no value'],
    [['extra'], '"demo" takes no arguments besides flags, got "extra"'],
    [['--style', 'c'], '--style must be one of a, b, got "c"'],
    [['--styel', 'a'], 'unknown flag --styel for "demo" (did you mean --style?)'],
    [['--mode', 'a', '--style', 'b'], '--mode and --style are the same flag; give it once'],
  ])('%j is refused: %s', (args, message) => {
    expect(usageMessage(args)).toBe(message);
  });

  it('reads a flag given by an alias under its own name', () => {
    for (const args of [['--style', 'b'], ['--style=b'], ['--mode', 'b']]) {
      const parsed = parseCommandLine(command, args);
      expect(parsed.string('mode'), args.join(' ')).toBe('b');
      expect(parsed.has('style')).toBe(false);
    }
  });
});

describe('closest', () => {
  it('suggests a near name and nothing for a far one', () => {
    expect(closest('trian', ['train', 'eval'])).toBe('train');
    expect(closest('zzzzzz', ['train', 'eval'])).toBeUndefined();
  });
});

describe('commandHelp', () => {
  it('lists usage, every flag and the examples within 80 columns', () => {
    const help = commandHelp(command);
    expect(help).toMatch(/^Usage: addrnn demo \[options\]\n/);
    for (const flag of ['--count N', '--rate R', '--mode a|b', '-v, --verbose', '-h, --help']) expect(help).toContain(flag);
    expect(help).toContain('  addrnn demo --count 3');
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
