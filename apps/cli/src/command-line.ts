import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from './closest-word.js';
import { UsageError } from './usage-error.js';


/** One flag of a command: how it is parsed, checked and shown in `--help`. */
export type OptionSpec = {
  /** The long name, without `--`. */
  name: string;
  /** Other long names accepted for it (older spellings), without `--`; the value is read by `name`. */
  aliases?: readonly string[];
  short?: string;
  /** Shown after the flag in `--help`, e.g. `N`, `DIR`. */
  placeholder?: string;
  description: string;
} & (
  | { kind: 'boolean' }
  | { kind: 'string' }
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'integer'; minimum: number; maximum?: number; orNone?: boolean }
  | { kind: 'number'; minimum: number; maximum?: number; exclusiveMinimum?: boolean; exclusiveMaximum?: boolean; orNone?: boolean }
);

/** A subcommand: its flags, its help text and what it does. */
export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** Usage line(s) after `addrnn `, e.g. `predict [--model DIR] QUESTION...`. */
  usage: string[];
  /** A paragraph or two shown under the usage. */
  description?: string;
  options: readonly OptionSpec[];
  /** Whether the command takes positional arguments. */
  positionals?: boolean;
  examples: string[];
  run(parsed: ParsedCommandLine): Promise<number>;
}

/** The flags of one command line, converted and range-checked. */
export class ParsedCommandLine {
  constructor(
    readonly command: string,
    private readonly values: Readonly<Record<string, string | number | boolean | undefined>>,
    readonly positionals: readonly string[],
  ) {}

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  number(name: string): number | undefined {
    const value = this.values[name];
    return typeof value === 'number' ? value : undefined;
  }

  /** Whether the flag was given as `none` (numeric flags with `orNone`: turn the setting off). */
  isNone(name: string): boolean {
    return this.values[name] === 'none';
  }

  /** Whether the flag was given at all. */
  has(name: string): boolean {
    return this.values[name] !== undefined;
  }
}

export const helpOption: OptionSpec = {
  name: 'help',
  short: 'h',
  kind: 'boolean',
  description: 'Show this help and exit.',
};

/** Parses `args` (the words after the command name) against `command.options`. */
export function parseCommandLine(command: Command, args: readonly string[]): ParsedCommandLine {
  const specs = [...command.options, helpOption];
  // Every spelling of a flag, its aliases included, finds its spec.
  const byName = new Map(specs.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])].map((name) => [name, spec] as const)));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: joinNegativeNumbers(args, byName),
      options: Object.fromEntries(
        [...byName].map(([name, spec]) => [
          name,
          { type: spec.kind === 'boolean' ? 'boolean' : 'string', ...(spec.short && name === spec.name ? { short: spec.short } : {}) },
        ]),
      ) as NonNullable<ParseArgsConfig['options']>,
      strict: true,
      allowPositionals: command.positionals === true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error, command), command.name);
  }
  const values: Record<string, string | number | boolean | undefined> = {};
  const givenAs = new Map<string, string>();
  for (const [name, raw] of Object.entries(parsed.values)) {
    const spec = byName.get(name);
    if (spec === undefined || raw === undefined) continue;
    if (Array.isArray(raw)) continue; // no option is declared `multiple`
    const earlier = givenAs.get(spec.name);
    if (earlier !== undefined) throw new UsageError(`--${earlier} and --${name} are the same flag; give it once`, command.name);
    givenAs.set(spec.name, name);
    values[spec.name] = typeof raw === 'boolean' ? raw : convert(spec, raw, command.name, `--${name}`);
  }
  return new ParsedCommandLine(command.name, values, parsed.positionals);
}

/**
 * `--lr -0.1` would make parseArgs complain that the value is "ambiguous"; for numeric flags
 * the CLI reads it as `--lr=-0.1` so that the range check can say what is wrong with it.
 */
function joinNegativeNumbers(args: readonly string[], byName: ReadonlyMap<string, OptionSpec>): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const next = args[index + 1];
    const spec = arg.startsWith('--') ? byName.get(arg.slice(2)) : undefined;
    if (
      spec !== undefined &&
      (spec.kind === 'integer' || spec.kind === 'number') &&
      next !== undefined &&
      /^-[\d.]/.test(next)
    ) {
      joined.push(`${arg}=${next}`);
      index += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function describeParseError(error: unknown, command: Command): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(firstLine)?.[1] ?? '';
    const suggestion = closest(
      flag.replace(/^-+/, ''),
      command.options.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])]),
    );
    return `unknown flag ${flag} for "${command.name}"${suggestion ? ` (did you mean --${suggestion}?)` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const word = /'([^']*)'/.exec(firstLine)?.[1] ?? '';
    return `"${command.name}" takes no arguments besides flags, got "${word}"`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(?:-\w, )?(--?[\w-]+)/.exec(firstLine)?.[1];
    if (/argument missing/.test(firstLine) && flag) return `${flag} needs a value`;
    if (/does not take an argument/.test(firstLine) && flag) return `${flag} is a switch and takes no value`;
    if (/ambiguous/.test(firstLine) && flag) return `${flag} needs a value; to pass one that starts with "-", write ${flag}=VALUE`;
  }
  return firstLine.replace(/\.$/, '');
}

/** `raw` checked and converted as `spec` says; messages name the flag as it was given. */
function convert(spec: OptionSpec, raw: string, command: string, flag = `--${spec.name}`): string | number {
  switch (spec.kind) {
    case 'boolean':
    case 'string':
      if (raw === '') throw new UsageError(`${flag} needs a non-empty value`, command);
      return raw;
    case 'choice':
      if (!spec.choices.includes(raw)) {
        throw new UsageError(`${flag} must be one of ${spec.choices.join(', ')}, got "${raw}"`, command);
      }
      return raw;
    case 'integer': {
      if (spec.orNone === true && raw === 'none') return raw;
      const value = readNumber(raw);
      const range =
        spec.maximum === undefined ? `>= ${spec.minimum}` : `from ${spec.minimum} to ${spec.maximum}`;
      if (
        value === undefined ||
        !Number.isSafeInteger(value) ||
        value < spec.minimum ||
        (spec.maximum !== undefined && value > spec.maximum)
      ) {
        throw new UsageError(`${flag} must be an integer ${range}${spec.orNone === true ? ' or none' : ''}, got "${raw}"`, command);
      }
      return value;
    }
    case 'number': {
      if (spec.orNone === true && raw === 'none') return raw;
      const value = readNumber(raw);
      const low = spec.exclusiveMinimum === true ? `> ${spec.minimum}` : `>= ${spec.minimum}`;
      const high =
        spec.maximum === undefined ? '' : ` and ${spec.exclusiveMaximum === true ? '<' : '<='} ${spec.maximum}`;
      const tooLow = value !== undefined && (spec.exclusiveMinimum === true ? value <= spec.minimum : value < spec.minimum);
      const tooHigh =
        value !== undefined &&
        spec.maximum !== undefined &&
        (spec.exclusiveMaximum === true ? value >= spec.maximum : value > spec.maximum);
      if (value === undefined || tooLow || tooHigh) {
        throw new UsageError(`${flag} must be a number ${low}${high}${spec.orNone === true ? ' or none' : ''}, got "${raw}"`, command);
      }
      return value;
    }
  }
}

/** A finite number written in decimal or exponent notation, `_` allowed between digits (`50_000`). */
function readNumber(raw: string): number | undefined {
  const text = raw.trim().replace(/(?<=\d)_(?=\d)/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** The `--help` text of a command. */
export function commandHelp(command: Command): string {
  const lines: string[] = [];
  lines.push(`Usage: ${command.usage.map((usage) => `addrnn ${usage}`).join('\n       ')}`, '');
  lines.push(command.summary);
  if (command.description) lines.push('', command.description);
  lines.push('', 'Options:');
  const specs = [...command.options, helpOption];
  const labels = specs.map((spec) => {
    const long = `--${spec.name}${spec.kind === 'boolean' ? '' : ` ${spec.placeholder ?? placeholderOf(spec)}`}`;
    return spec.short ? `-${spec.short}, ${long}` : `    ${long}`;
  });
  const width = Math.max(...labels.map((label) => label.length)) + 2;
  specs.forEach((spec, index) => {
    const label = labels[index]!;
    const aliases = spec.aliases === undefined || spec.aliases.length === 0 ? '' : ` Also written ${spec.aliases.map((alias) => `--${alias}`).join(', ')}.`;
    const [first, ...rest] = wrap(`${spec.description.replace(/\s*\n\s*/g, ' ')}${aliases}`, Math.max(30, helpWidth - 2 - width));
    lines.push(`  ${label.padEnd(width)}${first ?? ''}`);
    for (const line of rest) lines.push(`  ${' '.repeat(width)}${line}`);
  });
  if (command.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const example of command.examples) lines.push(`  ${example}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Help text fits an 80-column terminal. */
const helpWidth = 80;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function placeholderOf(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'choice':
      return spec.choices.join('|');
    case 'integer':
      return 'N';
    case 'number':
      return 'X';
    default:
      return 'VALUE';
  }
}
